//! CloudTrail calls: create or update the trail, then start logging. The trail is created only
//! after its bucket and policy exist (the plan orders them so), because CloudTrail checks the
//! bucket policy on `CreateTrail`.

use aws_sdk_cloudtrail::types::{EventSelector, ReadWriteType};
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
            .enable_log_file_validation(*log_file_validation)
            .set_kms_key_id(kms_key_id.clone())
            .send()
            .await
            .map_err(|e| CallError::sdk("cloudtrail:UpdateTrail", &e))?;
    }
    if *management_events {
        let all = EventSelector::builder()
            .read_write_type(ReadWriteType::All)
            .include_management_events(true)
            .build();
        ct.put_event_selectors()
            .trail_name(name)
            .event_selectors(all)
            .send()
            .await
            .map_err(|e| CallError::sdk("cloudtrail:PutEventSelectors", &e))?;
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
