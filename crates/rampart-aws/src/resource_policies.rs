//! The resource policies of one service in one Region: the service's resources listed, then
//! each one's policy read (a request per resource, a few at a time), for the outsider analysis
//! of `rampart_model::resource_policy`. Event buses carry their policy in the listing itself;
//! KMS keys are listed once with the rotation facts (`guardrails`), which ask [`key_policies`].
//!
//! A resource whose policy cannot be read or parsed is kept with the reason, so that resource
//! is unknown and the others are still judged; a listing that fails leaves the whole Region
//! unknown for that service.

use futures_util::stream::{self, StreamExt};
use rampart_engines::policy::PolicyDocument;
use rampart_model::resource_policy::ResourcePolicy;
use rampart_model::{Observed, Unavailable};

use crate::clients::Clients;
use crate::errors::{bad_answer, has_code, unavailable};
use crate::paging::all_pages;

/// How many policies of one service are read at once in one Region.
const AT_ONCE: usize = 8;

/// The resources of `service` (a prefix of `rampart_model::resource_policy::SERVICES`) in
/// `region` that have a policy.
pub(crate) async fn read(
    clients: &Clients,
    service: &str,
    region: &str,
) -> Observed<Vec<ResourcePolicy>> {
    let read = match service {
        "sns" => sns(clients, region).await,
        "sqs" => sqs(clients, region).await,
        "lambda" => lambda(clients, region).await,
        "secretsmanager" => secrets(clients, region).await,
        "events" => buses(clients, region).await,
        other => Err(bad_answer(
            "resource policies",
            format!("no reader for `{other}`"),
        )),
    };
    match read {
        Ok(mut found) => {
            found.sort_by(|a, b| a.arn.cmp(&b.arn));
            Observed::Known(found)
        }
        Err(u) => Observed::Unavailable(u),
    }
}

/// A policy's text as the model holds it: parsed, or why not.
fn parsed(action: &str, arn: &str, text: &str) -> Observed<PolicyDocument> {
    match PolicyDocument::parse(text) {
        Ok(doc) => Observed::Known(doc),
        Err(e) => Observed::Unavailable(bad_answer(action, format!("policy of `{arn}`: {e}"))),
    }
}

/// Reads each resource's policy text (`None`: it has none), a few at a time, keeping those
/// with a policy.
async fn each<F, Fut>(arns: Vec<String>, action: &'static str, get: F) -> Vec<ResourcePolicy>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<Option<String>, Unavailable>>,
{
    stream::iter(arns.into_iter().map(|arn| {
        let got = get(arn.clone());
        async move {
            match got.await {
                Ok(None) => None,
                Ok(Some(text)) if text.trim().is_empty() => None,
                Ok(Some(text)) => Some(ResourcePolicy {
                    policy: parsed(action, &arn, &text),
                    arn,
                }),
                Err(u) => Some(ResourcePolicy {
                    arn,
                    policy: Observed::Unavailable(u),
                }),
            }
        }
    }))
    .buffered(AT_ONCE)
    .filter_map(|p| async move { p })
    .collect()
    .await
}

async fn sns(clients: &Clients, region: &str) -> Result<Vec<ResourcePolicy>, Unavailable> {
    let client = clients.sns(region);
    let pages = all_pages(
        "sns:ListTopics",
        |token| client.list_topics().set_next_token(token).send(),
        aws_sdk_sns::operation::list_topics::ListTopicsOutput::next_token,
    )
    .await?;
    let arns = pages
        .iter()
        .flat_map(aws_sdk_sns::operation::list_topics::ListTopicsOutput::topics)
        .filter_map(|t| t.topic_arn().map(str::to_owned))
        .collect();
    const ACTION: &str = "sns:GetTopicAttributes";
    Ok(each(arns, ACTION, |arn| {
        let client = client.clone();
        async move {
            let out = client
                .get_topic_attributes()
                .topic_arn(&arn)
                .send()
                .await
                .map_err(|e| unavailable(ACTION, &e))?;
            Ok(out.attributes().and_then(|a| a.get("Policy")).cloned())
        }
    })
    .await)
}

async fn sqs(clients: &Clients, region: &str) -> Result<Vec<ResourcePolicy>, Unavailable> {
    use aws_sdk_sqs::types::QueueAttributeName;
    let client = clients.sqs(region);
    let pages = all_pages(
        "sqs:ListQueues",
        // Without `MaxResults`, SQS answers at most 1,000 queues and no `NextToken`.
        |token| {
            client
                .list_queues()
                .max_results(1000)
                .set_next_token(token)
                .send()
        },
        aws_sdk_sqs::operation::list_queues::ListQueuesOutput::next_token,
    )
    .await?;
    let urls: Vec<String> = pages
        .iter()
        .flat_map(aws_sdk_sqs::operation::list_queues::ListQueuesOutput::queue_urls)
        .cloned()
        .collect();
    const ACTION: &str = "sqs:GetQueueAttributes";
    // The queue is listed by URL; its policy is reported under its ARN, read with it.
    let read = stream::iter(urls.into_iter().map(|url| {
        let client = client.clone();
        async move {
            let out = client
                .get_queue_attributes()
                .queue_url(&url)
                .attribute_names(QueueAttributeName::Policy)
                .attribute_names(QueueAttributeName::QueueArn)
                .send()
                .await;
            match out {
                Ok(out) => {
                    let attrs = out.attributes();
                    let get = |n: &QueueAttributeName| attrs.and_then(|a| a.get(n)).cloned();
                    let policy =
                        get(&QueueAttributeName::Policy).filter(|t| !t.trim().is_empty())?;
                    // The policy is judged against the queue's ARN; without it, unknown.
                    Some(match get(&QueueAttributeName::QueueArn) {
                        Some(arn) => ResourcePolicy {
                            policy: parsed(ACTION, &arn, &policy),
                            arn,
                        },
                        None => ResourcePolicy {
                            policy: Observed::Unavailable(bad_answer(
                                ACTION,
                                format!("no QueueArn for `{url}`"),
                            )),
                            arn: url,
                        },
                    })
                }
                Err(e) => Some(ResourcePolicy {
                    arn: url,
                    policy: Observed::Unavailable(unavailable(ACTION, &e)),
                }),
            }
        }
    }))
    .buffered(AT_ONCE)
    .filter_map(|p| async move { p })
    .collect()
    .await;
    Ok(read)
}

/// The policy of each key in `arns` (`kms:GetKeyPolicy`, the `default` policy, the only one
/// a key has). The keys are listed with the rotation facts, once per Region.
pub(crate) async fn key_policies(
    client: &aws_sdk_kms::Client,
    arns: Vec<String>,
) -> Vec<ResourcePolicy> {
    const ACTION: &str = "kms:GetKeyPolicy";
    each(arns, ACTION, |arn| {
        let client = client.clone();
        async move {
            let out = client
                .get_key_policy()
                .key_id(&arn)
                .policy_name("default")
                .send()
                .await
                .map_err(|e| unavailable(ACTION, &e))?;
            Ok(out.policy().map(str::to_owned))
        }
    })
    .await
}

/// Every function, and each of its aliases and published versions: a permission added with
/// a qualifier lives in that alias's or version's own policy.
async fn lambda(clients: &Clients, region: &str) -> Result<Vec<ResourcePolicy>, Unavailable> {
    let client = clients.lambda(region);
    let pages = all_pages(
        "lambda:ListFunctions",
        |token| client.list_functions().set_marker(token).send(),
        aws_sdk_lambda::operation::list_functions::ListFunctionsOutput::next_marker,
    )
    .await?;
    let functions: Vec<(String, String)> = pages
        .iter()
        .flat_map(aws_sdk_lambda::operation::list_functions::ListFunctionsOutput::functions)
        .filter_map(|f| Some((f.function_arn()?.to_owned(), f.function_name()?.to_owned())))
        .collect();
    let qualified: Vec<(String, Result<Vec<String>, Unavailable>)> =
        stream::iter(functions.into_iter().map(|(arn, name)| {
            let client = client.clone();
            async move {
                let q = qualifiers(&client, &name).await;
                (arn, q)
            }
        }))
        .buffered(AT_ONCE)
        .collect()
        .await;
    let mut arns = Vec::new();
    let mut unread = Vec::new();
    for (arn, q) in qualified {
        match q {
            Ok(q) => {
                arns.push(arn);
                arns.extend(q);
            }
            // The function's qualified policies are unknown: the function is, whatever its
            // own policy says.
            Err(u) => unread.push(ResourcePolicy {
                arn,
                policy: Observed::Unavailable(u),
            }),
        }
    }
    const ACTION: &str = "lambda:GetPolicy";
    let mut out = each(arns, ACTION, |arn| {
        let client = client.clone();
        async move {
            match client.get_policy().function_name(&arn).send().await {
                Ok(out) => Ok(out.policy().map(str::to_owned)),
                // A function (or alias, or version) nobody was granted anything on has none.
                Err(e) if has_code(&e, "ResourceNotFoundException") => Ok(None),
                Err(e) => Err(unavailable(ACTION, &e)),
            }
        }
    })
    .await;
    out.extend(unread);
    Ok(out)
}

/// The ARNs of a function's aliases and published versions (`$LATEST` is the function).
async fn qualifiers(
    client: &aws_sdk_lambda::Client,
    function: &str,
) -> Result<Vec<String>, Unavailable> {
    use aws_sdk_lambda::operation::list_aliases::ListAliasesOutput as Aliases;
    use aws_sdk_lambda::operation::list_versions_by_function::ListVersionsByFunctionOutput as Versions;
    let aliases = all_pages(
        "lambda:ListAliases",
        |token| {
            client
                .list_aliases()
                .function_name(function)
                .set_marker(token)
                .send()
        },
        Aliases::next_marker,
    )
    .await?;
    let versions = all_pages(
        "lambda:ListVersionsByFunction",
        |token| {
            client
                .list_versions_by_function()
                .function_name(function)
                .set_marker(token)
                .send()
        },
        Versions::next_marker,
    )
    .await?;
    Ok(aliases
        .iter()
        .flat_map(Aliases::aliases)
        .filter_map(|a| a.alias_arn().map(str::to_owned))
        .chain(
            versions
                .iter()
                .flat_map(Versions::versions)
                .filter(|v| v.version() != Some("$LATEST"))
                .filter_map(|v| v.function_arn().map(str::to_owned)),
        )
        .collect())
}

async fn secrets(clients: &Clients, region: &str) -> Result<Vec<ResourcePolicy>, Unavailable> {
    let client = clients.secretsmanager(region);
    let pages = all_pages(
        "secretsmanager:ListSecrets",
        |token| client.list_secrets().set_next_token(token).send(),
        aws_sdk_secretsmanager::operation::list_secrets::ListSecretsOutput::next_token,
    )
    .await?;
    let arns = pages
        .iter()
        .flat_map(aws_sdk_secretsmanager::operation::list_secrets::ListSecretsOutput::secret_list)
        .filter_map(|s| s.arn().map(str::to_owned))
        .collect();
    const ACTION: &str = "secretsmanager:GetResourcePolicy";
    Ok(each(arns, ACTION, |arn| {
        let client = client.clone();
        async move {
            let out = client
                .get_resource_policy()
                .secret_id(&arn)
                .send()
                .await
                .map_err(|e| unavailable(ACTION, &e))?;
            Ok(out.resource_policy().map(str::to_owned))
        }
    })
    .await)
}

/// Event buses come with their policy in the listing: one request per page.
async fn buses(clients: &Clients, region: &str) -> Result<Vec<ResourcePolicy>, Unavailable> {
    const ACTION: &str = "events:ListEventBuses";
    let client = clients.events(region);
    let pages = all_pages(
        ACTION,
        |token| client.list_event_buses().set_next_token(token).send(),
        aws_sdk_eventbridge::operation::list_event_buses::ListEventBusesOutput::next_token,
    )
    .await?;
    Ok(pages
        .iter()
        .flat_map(
            aws_sdk_eventbridge::operation::list_event_buses::ListEventBusesOutput::event_buses,
        )
        .filter_map(|b| {
            let arn = b.arn()?.to_owned();
            let text = b.policy().filter(|t| !t.trim().is_empty())?;
            Some(ResourcePolicy {
                policy: parsed(ACTION, &arn, text),
                arn,
            })
        })
        .collect())
}
