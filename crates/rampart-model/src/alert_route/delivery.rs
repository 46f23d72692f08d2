//! The last links of a route: from a rule or alarm to a person. A target counts when it is
//! an SNS topic in the sender's Region whose access policy lets the sending service publish
//! for this sender, whose encryption key (if any) lets that service use it, and which has a
//! confirmed subscription. Both policies are judged by the one service-access evaluation
//! ([`rampart_engines::policy::service_access`]) in the request context AWS sends: `aws:SourceArn` (the
//! rule or alarm) and `aws:SourceAccount`.

use std::collections::HashMap;

use crate::alerting::SnsTopic;
use crate::{Gap, Unavailable};
use rampart_engines::policy::service_access::{service_access, AccessVerdict, ServiceRequest};
use rampart_engines::policy::PolicyDocument;

/// The service principal EventBridge publishes as.
pub const EVENTS_PRINCIPAL: &str = "events.amazonaws.com";
/// The service principal CloudWatch alarms publish as.
pub const CLOUDWATCH_PRINCIPAL: &str = "cloudwatch.amazonaws.com";

/// Who sends: a rule or an alarm.
pub struct Sender<'s> {
    pub service: &'static str,
    /// The rule's or alarm's ARN, when known.
    pub source_arn: Option<&'s str>,
    pub region: &'s str,
    pub account: &'s str,
}

/// Where one target leads.
pub enum Delivery<'a> {
    /// To a person: the topic, described.
    Reaches(String),
    /// The first link that breaks.
    Breaks(String),
    /// A fact that decides it could not be read.
    Gap(Gap<'a>),
}

pub type Topics<'a> = Result<HashMap<&'a str, &'a SnsTopic>, &'a Unavailable>;

pub fn deliver<'a>(topics: &Topics<'a>, sender: &Sender<'_>, target: &str) -> Delivery<'a> {
    if crate::arn::service(target) != Some("sns") {
        return Delivery::Gap(Gap::Absent(format!(
            "it targets `{target}`, a kind of target rampart does not follow to a person (only SNS topics)"
        )));
    }
    if crate::arn::region(target) != Some(sender.region) {
        return Delivery::Breaks(format!(
            "its target `{target}` is not in {}, the Region it sends from",
            sender.region
        ));
    }
    let topics = match topics {
        Ok(t) => t,
        Err(u) => return Delivery::Gap(Gap::Fact(u)),
    };
    let Some(topic) = topics.get(target) else {
        if crate::arn::account(target) != Some(sender.account) {
            return Delivery::Gap(Gap::Absent(format!(
                "its target `{target}` belongs to another account, whose topic rampart does not read"
            )));
        }
        return Delivery::Breaks(format!("its target `{target}` was not found"));
    };
    let attrs = match &topic.attributes {
        crate::Observed::Known(a) => a,
        crate::Observed::Unavailable(u) => return Delivery::Gap(Gap::Fact(u)),
    };
    let policy = match attrs.policy.as_deref().map(PolicyDocument::parse) {
        None => {
            return Delivery::Breaks(format!(
                "topic `{target}` has no access policy, so {} may not publish to it",
                sender.service
            ))
        }
        Some(Err(e)) => {
            return Delivery::Gap(Gap::Absent(format!(
                "the access policy of topic `{target}` could not be read as a policy ({e})"
            )))
        }
        Some(Ok(doc)) => doc,
    };
    let verdict = allows(&policy, sender, "sns:Publish", target);
    if let AccessVerdict::Undecided(i) = verdict {
        return Delivery::Gap(Gap::Absent(format!(
            "statement {} of the access policy of topic `{target}` may deny `{}` on conditions rampart cannot decide",
            i + 1,
            sender.service
        )));
    }
    if let Some(why) = verdict.refusal() {
        let source = sender.source_arn.unwrap_or("this sender");
        return Delivery::Breaks(format!(
            "the access policy of topic `{target}` does not let `{}` publish for `{source}` ({why})",
            sender.service
        ));
    }
    if let Some(id) = attrs.kms_master_key_id.as_deref() {
        if let Some(broken) = key_link(attrs.key.as_ref(), sender, target, id) {
            return broken;
        }
    }
    let people = topic.confirmed_people();
    let others: Vec<&str> = topic
        .subscriptions
        .iter()
        .filter(|s| s.confirmed && !s.reaches_a_person())
        .map(|s| s.protocol.as_str())
        .collect();
    if people == 0 && !others.is_empty() {
        return Delivery::Gap(Gap::Absent(format!(
            "topic `{target}` delivers only to subscriptions rampart does not follow to a person ({}: a webhook, app or program, or one with a filter policy)",
            others.join(", ")
        )));
    }
    match (people, topic.pending_subscriptions()) {
        (0, 0) => Delivery::Breaks(format!("topic `{target}` has no subscription")),
        (0, pending) => Delivery::Breaks(format!(
            "topic `{target}` has no confirmed subscription ({pending} pending confirmation)"
        )),
        (n, _) => Delivery::Reaches(format!(
            "`{target}` ({n} confirmed subscription{})",
            if n == 1 { "" } else { "s" }
        )),
    }
}

/// Whether a key reference names an AWS managed key by its alias: KMS reserves aliases that
/// begin with `alias/aws/` for AWS managed keys (`alias/aws/sns`), so the reference alone
/// settles it, whatever the key's own metadata says.
pub fn names_aws_managed_key(id: &str) -> bool {
    let alias = id.split_once(":alias/").map_or(id, |(_, a)| a);
    let alias = alias.strip_prefix("alias/").unwrap_or(alias);
    (id.starts_with("alias/") || id.contains(":alias/")) && alias.starts_with("aws/")
}

/// Why the key of a topic with these attributes keeps `sender`'s service from using it, if it
/// does (or may): the encryption link alone, for a planner that fixes the policy link itself.
pub fn key_obstacle(
    attrs: &crate::alerting::TopicAttributes,
    sender: &Sender<'_>,
    topic: &str,
) -> Option<String> {
    let id = attrs.kms_master_key_id.as_deref()?;
    match key_link(attrs.key.as_ref(), sender, topic, id)? {
        Delivery::Reaches(_) => None,
        Delivery::Breaks(why) => Some(why),
        Delivery::Gap(Gap::Absent(why)) => Some(why),
        Delivery::Gap(Gap::Fact(u)) => Some(u.describe()),
    }
}

/// The encryption link: `None` when the key lets the sender's service use it.
fn key_link<'a>(
    key: Option<&'a crate::Observed<crate::alerting::KmsKey>>,
    sender: &Sender<'_>,
    topic: &str,
    id: &str,
) -> Option<Delivery<'a>> {
    if names_aws_managed_key(id) {
        return Some(aws_managed(sender, topic, id));
    }
    let key = match key {
        None => {
            return Some(Delivery::Gap(Gap::Absent(format!(
                "the key `{id}` topic `{topic}` is encrypted with was not read"
            ))))
        }
        Some(crate::Observed::Unavailable(u)) => return Some(Delivery::Gap(Gap::Fact(u))),
        Some(crate::Observed::Known(k)) => k,
    };
    if key.manager == "AWS" {
        return Some(aws_managed(sender, topic, id));
    }
    if key.state.is_empty() {
        return Some(Delivery::Gap(Gap::Absent(format!(
            "the state of key `{}` was not read",
            key.arn
        ))));
    }
    if key.state != "Enabled" {
        return Some(Delivery::Breaks(format!(
            "topic `{topic}` is encrypted with key `{}`, which is {}",
            key.arn, key.state
        )));
    }
    let doc = match key.policy.as_deref().map(PolicyDocument::parse) {
        Some(Ok(doc)) => doc,
        Some(Err(e)) => {
            return Some(Delivery::Gap(Gap::Absent(format!(
                "the key policy of `{}` could not be read as a policy ({e})",
                key.arn
            ))))
        }
        None => {
            return Some(Delivery::Gap(Gap::Absent(format!(
                "the key policy of `{}` was not read",
                key.arn
            ))))
        }
    };
    for action in ["kms:GenerateDataKey", "kms:Decrypt"] {
        let verdict = allows(&doc, sender, action, &key.arn);
        if let AccessVerdict::Undecided(i) = verdict {
            return Some(Delivery::Gap(Gap::Absent(format!(
                "statement {} of the key policy of `{}` may deny `{action}` on conditions rampart cannot decide",
                i + 1,
                key.arn
            ))));
        }
        if let Some(why) = verdict.refusal() {
            return Some(Delivery::Breaks(format!(
                "topic `{topic}` is encrypted with key `{}`, whose key policy does not let `{}` call `{action}` ({why})",
                key.arn, sender.service
            )));
        }
    }
    None
}

fn aws_managed<'a>(sender: &Sender<'_>, topic: &str, id: &str) -> Delivery<'a> {
    Delivery::Breaks(format!(
        "topic `{topic}` is encrypted with the AWS managed key `{id}`, whose key policy cannot let `{}` use it",
        sender.service
    ))
}

fn allows(
    doc: &PolicyDocument,
    sender: &Sender<'_>,
    action: &str,
    resource: &str,
) -> AccessVerdict {
    let mut context = ServiceRequest::context_for(
        sender.service,
        action,
        resource,
        Some(sender.account),
        sender.source_arn,
    );
    // CloudWatch publishes to a topic on behalf of the alarm's account, which the policy SNS
    // gives every new topic (`AWS:SourceOwner` = the owner) lets through; EventBridge does
    // not, which is why its rules need a statement of their own.
    context = if sender.service == CLOUDWATCH_PRINCIPAL {
        context.with("aws:SourceOwner", sender.account)
    } else {
        context.without("aws:SourceOwner")
    };
    service_access(
        doc,
        &ServiceRequest {
            service: sender.service.to_owned(),
            action: action.to_owned(),
            resource: resource.to_owned(),
            context,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::names_aws_managed_key;

    #[test]
    fn reserved_aliases_name_aws_managed_keys() {
        assert!(names_aws_managed_key("alias/aws/sns"));
        assert!(names_aws_managed_key(
            "arn:aws:kms:us-east-1:111122223333:alias/aws/sns"
        ));
        assert!(!names_aws_managed_key("alias/alerts"));
        assert!(!names_aws_managed_key("alias/awsome"));
        assert!(!names_aws_managed_key(
            "arn:aws:kms:us-east-1:111122223333:key/1234abcd"
        ));
        assert!(!names_aws_managed_key(
            "1234abcd-12ab-34cd-56ef-1234567890ab"
        ));
    }
}
