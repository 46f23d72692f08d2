//! Deleting the root user's access keys: only ever called when the caller is root and the user
//! passed `--delete-root-access-keys`. `ListAccessKeys` without a user name lists the caller's.

use aws_sdk_iam::Client;
use rampart_model::Snapshot;

use super::CallError;

pub(crate) async fn delete_keys(iam: &Client, snap: &Snapshot) -> Result<(), CallError> {
    if !snap.caller.is_root {
        return Err(CallError::other(
            "iam:DeleteAccessKey",
            "only the root user can delete the root user's access keys",
        ));
    }
    let keys = iam
        .list_access_keys()
        .send()
        .await
        .map_err(|e| CallError::sdk("iam:ListAccessKeys", &e))?;
    for k in keys.access_key_metadata() {
        if let Some(id) = k.access_key_id() {
            iam.delete_access_key()
                .access_key_id(id)
                .send()
                .await
                .map_err(|e| CallError::sdk("iam:DeleteAccessKey", &e))?;
        }
    }
    Ok(())
}
