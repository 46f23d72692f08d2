//! EventBridge rules on the default bus, with their targets, in `us-east-1` (where root console
//! sign-ins are recorded) and the collection Region.

use rampart_model::alerting::EventRule;
use rampart_model::Observed;

use crate::clients::Clients;
use crate::concurrent::{flatten, join_all};
use crate::errors::unavailable;

/// Every rule of the default bus in each home Region, each with its target ARNs.
pub(crate) async fn collect(clients: &Clients) -> Observed<Vec<EventRule>> {
    let tasks: Vec<_> = clients
        .home_regions()
        .into_iter()
        .map(|region| {
            let client = clients.events(&region);
            async move { in_region(&client, &region).await }
        })
        .collect();
    let mut rules = Vec::new();
    for result in join_all(tasks).await {
        match flatten(result) {
            Observed::Known(r) => rules.extend(r),
            Observed::Unavailable(u) => return Observed::Unavailable(u),
        }
    }
    Observed::Known(rules)
}

async fn in_region(client: &aws_sdk_eventbridge::Client, region: &str) -> Observed<Vec<EventRule>> {
    let mut rules = Vec::new();
    let mut token: Option<String> = None;
    let mut tokens = crate::paging::Tokens::default();
    loop {
        let page = match client
            .list_rules()
            .set_next_token(token.take())
            .send()
            .await
        {
            Ok(p) => p,
            Err(e) => return Observed::Unavailable(unavailable("events:ListRules", &e)),
        };
        rules.extend(page.rules().iter().map(|r| EventRule {
            name: r.name().unwrap_or_default().to_owned(),
            arn: r.arn().unwrap_or_default().to_owned(),
            region: region.to_owned(),
            state: r.state().map(|s| s.as_str().to_owned()).unwrap_or_default(),
            event_pattern: r.event_pattern().map(str::to_owned),
            targets: Vec::new(),
        }));
        match tokens.next("events:ListRules", page.next_token()) {
            Ok(Some(t)) => token = Some(t),
            Ok(None) => break,
            Err(u) => return Observed::Unavailable(u),
        }
    }
    let tasks: Vec<_> = rules
        .iter()
        .map(|rule| {
            let client = client.clone();
            let name = rule.name.clone();
            async move { targets(&client, &name).await }
        })
        .collect();
    for (rule, result) in rules.iter_mut().zip(join_all(tasks).await) {
        match flatten(result) {
            Observed::Known(t) => rule.targets = t,
            Observed::Unavailable(u) => return Observed::Unavailable(u),
        }
    }
    Observed::Known(rules)
}

async fn targets(client: &aws_sdk_eventbridge::Client, rule: &str) -> Observed<Vec<String>> {
    let mut arns = Vec::new();
    let mut token: Option<String> = None;
    let mut tokens = crate::paging::Tokens::default();
    loop {
        let page = match client
            .list_targets_by_rule()
            .rule(rule)
            .set_next_token(token.take())
            .send()
            .await
        {
            Ok(p) => p,
            Err(e) => return Observed::Unavailable(unavailable("events:ListTargetsByRule", &e)),
        };
        arns.extend(page.targets().iter().map(|t| t.arn().to_owned()));
        match tokens.next("events:ListTargetsByRule", page.next_token()) {
            Ok(Some(t)) => token = Some(t),
            Ok(None) => break,
            Err(u) => return Observed::Unavailable(u),
        }
    }
    Observed::Known(arns)
}
