//! What the SCP checks share: a principal allowed everything by IAM (the root user, an
//! administrator), against which only the SCPs can refuse, and its requests with the keys
//! rampart knows for them.

use std::sync::OnceLock;

use rampart_engines::policy::{
    NamedPolicy, PolicyDocument, PolicySet, RequestContext, RequestResource,
};
use rampart_model::organization::ScpFacts;

/// An identity policy that allows every action on every resource.
fn allow_everything() -> &'static PolicyDocument {
    static DOC: OnceLock<PolicyDocument> = OnceLock::new();
    DOC.get_or_init(|| {
        PolicyDocument::parse(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        )
        .expect("the allow-everything document parses")
    })
}

/// The policies judging `who` (named for findings), whom IAM allows everything: the SCPs only.
pub(crate) fn everything_but_scps<'a>(who: &'a str, scps: &'a ScpFacts) -> PolicySet<'a> {
    PolicySet {
        identity: vec![NamedPolicy {
            name: who,
            document: allow_everything(),
        }],
        boundary: None,
        scps: scps.policy_levels(),
    }
}

/// The principal of a member account's request, as the condition keys describe it.
pub(crate) struct Principal<'a> {
    pub arn: &'a str,
    pub account: &'a str,
    /// `aws:PrincipalType`: `Account` for the root user, `AssumedRole` for a role session.
    pub kind: &'a str,
    pub org_id: &'a str,
    /// `aws:userid`, where rampart knows it.
    pub userid: Option<&'a str>,
}

impl Principal<'_> {
    /// `action` asked for in `region`, with the keys rampart knows; every other key is open.
    pub(crate) fn request(&self, action: &str, region: &str) -> RequestContext {
        let ctx = RequestContext::open(action, RequestResource::Generic)
            .with("aws:PrincipalArn", self.arn)
            .with("aws:PrincipalAccount", self.account)
            .with("aws:PrincipalType", self.kind)
            .with("aws:PrincipalOrgID", self.org_id)
            .with("aws:PrincipalIsAWSService", "false")
            .with("aws:RequestedRegion", region);
        match self.userid {
            Some(id) => ctx.with("aws:userid", id),
            None => ctx,
        }
    }
}
