//! What the SCP checks share: the permissions of a principal allowed everything by IAM (the
//! root user, an administrator), against which only the SCPs can refuse.

use std::sync::OnceLock;

use rampart_engines::policy::PolicyDocument;

/// An identity policy that allows every action on every resource.
pub(crate) fn allow_everything() -> &'static PolicyDocument {
    static DOC: OnceLock<PolicyDocument> = OnceLock::new();
    DOC.get_or_init(|| {
        PolicyDocument::parse(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        )
        .expect("the allow-everything document parses")
    })
}
