//! CloudTrail trails: `DescribeTrails` (shadow trails included) and `ListTrails` for the
//! single-Region trails of other Regions, then for each trail its status and event selectors,
//! asked of the trail's home Region by ARN, all trails concurrently.

use rampart_model::cloudtrail::{
    AdvancedEventSelector, BasicEventSelector, EventSelectors, FieldSelector, Trail, TrailStatus,
};
use rampart_model::Observed;

use crate::clients::Clients;
use crate::concurrent::{flatten, join_all};
use crate::errors::unavailable;
use crate::sdk_values::to_chrono;

/// Every trail visible from the collection Region, with status and selectors.
pub(crate) async fn trails(clients: &Clients) -> Observed<Vec<Trail>> {
    let region = clients.region().to_owned();
    let described = match clients
        .cloudtrail(&region)
        .describe_trails()
        .include_shadow_trails(true)
        .send()
        .await
    {
        Ok(out) => out,
        Err(e) => return Observed::Unavailable(unavailable("cloudtrail:DescribeTrails", &e)),
    };
    // `DescribeTrails` shows this Region's trails and every multi-Region trail; `ListTrails`
    // names every trail of the account, so a single-Region trail homed elsewhere is described
    // in its own Region.
    let listed = match list_trails(clients, &region).await {
        Ok(l) => l,
        Err(u) => return Observed::Unavailable(u),
    };
    let mut found: Vec<aws_sdk_cloudtrail::types::Trail> = described.trail_list().to_vec();
    for (arn, home) in listed {
        if found.iter().any(|t| t.trail_arn() == Some(arn.as_str())) {
            continue;
        }
        match clients
            .cloudtrail(&home)
            .describe_trails()
            .trail_name_list(&arn)
            .include_shadow_trails(false)
            .send()
            .await
        {
            Ok(out) => found.extend(out.trail_list().iter().cloned()),
            Err(e) => return Observed::Unavailable(unavailable("cloudtrail:DescribeTrails", &e)),
        }
    }
    let mut tasks = Vec::new();
    for t in &found {
        let mut trail = Trail {
            name: t.name().unwrap_or_default().to_owned(),
            arn: t.trail_arn().unwrap_or_default().to_owned(),
            home_region: t.home_region().unwrap_or(&region).to_owned(),
            is_multi_region: t.is_multi_region_trail().unwrap_or(false),
            is_organization_trail: t.is_organization_trail().unwrap_or(false),
            include_global_service_events: t.include_global_service_events(),
            s3_bucket: t.s3_bucket_name().map(str::to_owned),
            s3_key_prefix: t
                .s3_key_prefix()
                .map(str::to_owned)
                .filter(|p| !p.is_empty()),
            log_file_validation: t.log_file_validation_enabled().unwrap_or(false),
            kms_key_id: t.kms_key_id().map(str::to_owned),
            cloudwatch_logs_log_group_arn: t.cloud_watch_logs_log_group_arn().map(str::to_owned),
            sns_topic_arn: t.sns_topic_arn().map(str::to_owned),
            status: Observed::Known(TrailStatus {
                is_logging: false,
                latest_delivery_error: None,
                latest_delivery_time: None,
            }),
            selectors: Observed::Known(EventSelectors::default()),
        };
        let client = clients.cloudtrail(&trail.home_region);
        let custom = t.has_custom_event_selectors().unwrap_or(true);
        tasks.push(async move {
            let id = if trail.arn.is_empty() {
                trail.name.clone()
            } else {
                trail.arn.clone()
            };
            let (status, selectors) = tokio::join!(status(&client, &id), selectors(&client, &id));
            trail.status = status;
            trail.selectors = selectors.map(|s| with_default(s, custom));
            Observed::Known(trail)
        });
    }
    let mut trails = Vec::new();
    for result in join_all(tasks).await {
        match flatten(result) {
            Observed::Known(t) => trails.push(t),
            Observed::Unavailable(u) => return Observed::Unavailable(u),
        }
    }
    Observed::Known(trails)
}

/// `(ARN, home Region)` of every trail in the account, all pages.
async fn list_trails(
    clients: &Clients,
    region: &str,
) -> Result<Vec<(String, String)>, rampart_model::Unavailable> {
    let client = clients.cloudtrail(region);
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    let mut tokens = crate::paging::Tokens::default();
    loop {
        let page = client
            .list_trails()
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| unavailable("cloudtrail:ListTrails", &e))?;
        out.extend(
            page.trails()
                .iter()
                .filter_map(|t| Some((t.trail_arn()?.to_owned(), t.home_region()?.to_owned()))),
        );
        match tokens.next("cloudtrail:ListTrails", page.next_token())? {
            Some(t) => token = Some(t),
            None => return Ok(out),
        }
    }
}

async fn status(client: &aws_sdk_cloudtrail::Client, trail: &str) -> Observed<TrailStatus> {
    match client.get_trail_status().name(trail).send().await {
        Ok(out) => Observed::Known(TrailStatus {
            is_logging: out.is_logging().unwrap_or(false),
            latest_delivery_error: out
                .latest_delivery_error()
                .map(str::to_owned)
                .filter(|e| !e.is_empty()),
            latest_delivery_time: out.latest_delivery_time().and_then(to_chrono),
        }),
        Err(e) => Observed::Unavailable(unavailable("cloudtrail:GetTrailStatus", &e)),
    }
}

async fn selectors(client: &aws_sdk_cloudtrail::Client, trail: &str) -> Observed<EventSelectors> {
    match client.get_event_selectors().trail_name(trail).send().await {
        Ok(out) => Observed::Known(EventSelectors {
            basic: out.event_selectors().iter().map(basic_selector).collect(),
            advanced: out
                .advanced_event_selectors()
                .iter()
                .map(advanced_selector)
                .collect(),
        }),
        Err(e) => Observed::Unavailable(unavailable("cloudtrail:GetEventSelectors", &e)),
    }
}

/// A trail that never had selectors set (`HasCustomEventSelectors` false) records every
/// management event; some endpoints answer `GetEventSelectors` for it with empty lists.
fn with_default(selectors: EventSelectors, has_custom: bool) -> EventSelectors {
    if has_custom || !selectors.basic.is_empty() || !selectors.advanced.is_empty() {
        return selectors;
    }
    EventSelectors {
        basic: vec![BasicEventSelector {
            read_write_type: "All".to_owned(),
            include_management_events: true,
            exclude_management_event_sources: vec![],
        }],
        advanced: vec![],
    }
}

/// A basic selector; CloudTrail's defaults (`All`, management events on) fill absent fields.
fn basic_selector(s: &aws_sdk_cloudtrail::types::EventSelector) -> BasicEventSelector {
    BasicEventSelector {
        read_write_type: s.read_write_type().map_or("All", |t| t.as_str()).to_owned(),
        include_management_events: s.include_management_events().unwrap_or(true),
        exclude_management_event_sources: s.exclude_management_event_sources().to_vec(),
    }
}

fn advanced_selector(
    s: &aws_sdk_cloudtrail::types::AdvancedEventSelector,
) -> AdvancedEventSelector {
    AdvancedEventSelector {
        name: s.name().map(str::to_owned),
        field_selectors: s
            .field_selectors()
            .iter()
            .map(|f| FieldSelector {
                field: f.field().to_owned(),
                equals: f.equals().to_vec(),
                not_equals: f.not_equals().to_vec(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_cloudtrail::types::{AdvancedFieldSelector, EventSelector, ReadWriteType};
    use rampart_model::cloudtrail::ManagementCoverage;

    use super::*;

    #[test]
    fn basic_selectors_take_cloudtrail_defaults() {
        let s = basic_selector(&EventSelector::builder().build());
        assert_eq!(s.read_write_type, "All");
        assert!(s.include_management_events);
        let s = basic_selector(
            &EventSelector::builder()
                .read_write_type(ReadWriteType::WriteOnly)
                .include_management_events(false)
                .build(),
        );
        assert_eq!(s.read_write_type, "WriteOnly");
        assert!(!s.include_management_events);
    }

    #[test]
    fn a_trail_without_custom_selectors_records_all_management_events() {
        let all = ManagementCoverage {
            read: true,
            write: true,
        };
        let none = ManagementCoverage {
            read: false,
            write: false,
        };
        let empty = EventSelectors::default();
        assert_eq!(
            with_default(empty.clone(), false).management_coverage(),
            all
        );
        // Selectors explicitly set to nothing really do record nothing.
        assert_eq!(with_default(empty, true).management_coverage(), none);
        let write_only = EventSelectors {
            basic: vec![BasicEventSelector {
                read_write_type: "WriteOnly".to_owned(),
                include_management_events: true,
                exclude_management_event_sources: vec![],
            }],
            advanced: vec![],
        };
        assert_eq!(with_default(write_only.clone(), false), write_only);
    }

    #[test]
    fn advanced_selectors_keep_their_fields() {
        let field = |name: &str, eq: &str| {
            AdvancedFieldSelector::builder()
                .field(name)
                .equals(eq)
                .build()
        };
        let (Ok(category), Ok(read_only)) = (
            field("eventCategory", "Management"),
            field("readOnly", "false"),
        ) else {
            panic!("selector builders refused valid input");
        };
        let sdk = aws_sdk_cloudtrail::types::AdvancedEventSelector::builder()
            .name("writes")
            .field_selectors(category)
            .field_selectors(read_only)
            .build();
        let Ok(sdk) = sdk else {
            panic!("selector builder refused valid input")
        };
        let selectors = EventSelectors {
            basic: vec![],
            advanced: vec![advanced_selector(&sdk)],
        };
        assert_eq!(selectors.advanced[0].name.as_deref(), Some("writes"));
        assert_eq!(
            selectors.advanced[0].field_selectors[1].equals,
            vec!["false".to_owned()]
        );
        assert_eq!(
            selectors.management_coverage(),
            ManagementCoverage {
                read: false,
                write: true
            }
        );
    }
}
