//! SNS and EventBridge calls for alerting (the CIS monitoring controls). `CreateTopic` and `PutRule` are
//! idempotent by name; the topic policy is read and merged by `Sid`, never replaced whole.

use aws_sdk_eventbridge::types::{RuleState, Target};
use rampart_engines::policy::{PolicyDocument, Statement};
use rampart_plan::documents;

use super::CallError;

/// The id of the rule's target (a rule's target ids are its own namespace).
const TARGET_ID: &str = "root-activity-topic";

pub(crate) async fn topic(
    sns: &aws_sdk_sns::Client,
    name: &str,
    statements: &[Statement],
    subscribe: &[String],
) -> Result<(), CallError> {
    let created = sns
        .create_topic()
        .name(name)
        .send()
        .await
        .map_err(|e| CallError::sdk("sns:CreateTopic", &e))?;
    let Some(arn) = created.topic_arn().map(str::to_owned) else {
        return Err(CallError::other(
            "sns:CreateTopic",
            "the answer named no topic ARN",
        ));
    };
    let attrs = sns
        .get_topic_attributes()
        .topic_arn(&arn)
        .send()
        .await
        .map_err(|e| CallError::sdk("sns:GetTopicAttributes", &e))?;
    let current = match attrs.attributes().and_then(|a| a.get("Policy")) {
        None => None,
        Some(text) => Some(PolicyDocument::parse(text).map_err(|e| {
            CallError::other(
                "sns:GetTopicAttributes",
                format!("the topic policy cannot be read ({e}); it is left alone"),
            )
        })?),
    };
    if !documents::missing_statements(current.as_ref(), statements, true).is_empty() {
        let merged = documents::merge(current.as_ref(), statements);
        let text = serde_json::to_string(&merged)
            .map_err(|e| CallError::other("sns:SetTopicAttributes", e.to_string()))?;
        sns.set_topic_attributes()
            .topic_arn(&arn)
            .attribute_name("Policy")
            .attribute_value(text)
            .send()
            .await
            .map_err(|e| CallError::sdk("sns:SetTopicAttributes", &e))?;
    }
    for address in subscribe {
        sns.subscribe()
            .topic_arn(&arn)
            .protocol("email")
            .endpoint(address)
            .send()
            .await
            .map_err(|e| CallError::sdk("sns:Subscribe", &e))?;
    }
    Ok(())
}

/// The rule as the plan names it.
pub(crate) struct RuleSpec<'a> {
    pub name: &'a str,
    pub pattern: &'a str,
    pub state: &'a str,
    pub description: &'a str,
}

pub(crate) async fn rule(
    events: &aws_sdk_eventbridge::Client,
    spec: &RuleSpec<'_>,
    topic_arn: &str,
) -> Result<(), CallError> {
    let name = spec.name;
    let description = if spec.description.is_empty() {
        "Root user sign-ins and API calls"
    } else {
        spec.description
    };
    events
        .put_rule()
        .name(name)
        .event_pattern(spec.pattern)
        .state(RuleState::from(spec.state))
        .description(description)
        .send()
        .await
        .map_err(|e| CallError::sdk("events:PutRule", &e))?;
    let target = Target::builder()
        .id(TARGET_ID)
        .arn(topic_arn)
        .build()
        .map_err(|e| CallError::other("events:PutTargets", e.to_string()))?;
    let out = events
        .put_targets()
        .rule(name)
        .targets(target)
        .send()
        .await
        .map_err(|e| CallError::sdk("events:PutTargets", &e))?;
    if out.failed_entry_count() > 0 {
        let why = out
            .failed_entries()
            .iter()
            .filter_map(|f| f.error_message())
            .collect::<Vec<_>>()
            .join("; ");
        return Err(CallError::other(
            "events:PutTargets",
            format!("the target was refused: {why}"),
        ));
    }
    Ok(())
}
