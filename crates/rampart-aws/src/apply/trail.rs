//! CloudTrail calls: create or update the trail, then start logging. The trail is created only
//! after its bucket and policy exist (the plan orders them so), because CloudTrail checks the
//! bucket policy on `CreateTrail`.

use aws_sdk_cloudtrail::types::{
    AdvancedEventSelector, AdvancedFieldSelector, EventSelector, ReadWriteType,
};
use rampart_plan::Call;

use super::CallError;
use crate::clients::Clients;
use crate::errors::has_code;

pub(crate) async fn ensure(clients: &Clients, call: &Call) -> Result<(), CallError> {
    let Call::EnsureTrail {
        name,
        region,
        bucket,
        create,
        multi_region,
        log_file_validation,
        kms_key_id,
        management_events,
        start_logging,
    } = call
    else {
        return Ok(());
    };
    let ct = clients.cloudtrail(region);
    let mut update = !create;
    if *create {
        let created = ct
            .create_trail()
            .name(name)
            .s3_bucket_name(bucket)
            .is_multi_region_trail(*multi_region)
            .enable_log_file_validation(*log_file_validation)
            .include_global_service_events(true)
            .set_kms_key_id(kms_key_id.clone())
            .send()
            .await;
        match created {
            Ok(_) => {}
            Err(e) if has_code(&e, "TrailAlreadyExistsException") => update = true,
            Err(e) => return Err(CallError::sdk("cloudtrail:CreateTrail", &e)),
        }
    }
    if update {
        ct.update_trail()
            .name(name)
            .is_multi_region_trail(*multi_region)
            // A multi-Region trail must include global service events (IAM, STS, sign-ins).
            .set_include_global_service_events(multi_region.then_some(true))
            .enable_log_file_validation(*log_file_validation)
            .set_kms_key_id(kms_key_id.clone())
            .send()
            .await
            .map_err(|e| CallError::sdk("cloudtrail:UpdateTrail", &e))?;
    }
    if *management_events {
        record_management_events(&ct, name).await?;
    }
    if *start_logging {
        ct.start_logging()
            .name(name)
            .send()
            .await
            .map_err(|e| CallError::sdk("cloudtrail:StartLogging", &e))?;
    }
    Ok(())
}

/// Makes the trail record read and write management events while keeping every selector it
/// has: `PutEventSelectors` replaces them all, so the current ones are read and extended.
/// Advanced selectors get one more for management events; basic ones have their
/// management-only selector widened, or one added.
async fn record_management_events(
    ct: &aws_sdk_cloudtrail::Client,
    name: &str,
) -> Result<(), CallError> {
    let current = ct
        .get_event_selectors()
        .trail_name(name)
        .send()
        .await
        .map_err(|e| CallError::sdk("cloudtrail:GetEventSelectors", &e))?;
    let put = ct.put_event_selectors().trail_name(name);
    let put = if current.advanced_event_selectors().is_empty() {
        let mut basic = current.event_selectors().to_vec();
        let all = |s: EventSelector| {
            EventSelector::builder()
                .read_write_type(ReadWriteType::All)
                .include_management_events(true)
                .set_data_resources(s.data_resources)
                .set_exclude_management_event_sources(s.exclude_management_event_sources)
                .build()
        };
        match basic.iter().position(|s| s.data_resources().is_empty()) {
            Some(i) => basic[i] = all(basic[i].clone()),
            None => basic.push(all(EventSelector::builder().build())),
        }
        put.set_event_selectors(Some(basic))
    } else {
        let build = |e: aws_sdk_cloudtrail::error::BuildError| {
            CallError::other("cloudtrail:PutEventSelectors", e.to_string())
        };
        let management = AdvancedEventSelector::builder()
            .name("Management events")
            .field_selectors(
                AdvancedFieldSelector::builder()
                    .field("eventCategory")
                    .equals("Management")
                    .build()
                    .map_err(build)?,
            )
            .build()
            .map_err(build)?;
        let mut advanced = current.advanced_event_selectors().to_vec();
        advanced.push(management);
        put.set_advanced_event_selectors(Some(advanced))
    };
    put.send()
        .await
        .map_err(|e| CallError::sdk("cloudtrail:PutEventSelectors", &e))?;
    Ok(())
}
