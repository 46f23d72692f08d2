//! The global AWS options (`--region`, `--endpoint-url`, `--profile`), checked before any
//! command runs, so that a mistake in one is one line that names it, the same in every command,
//! instead of a failure deep in the SDK ("failed to load IMDS session token", a request dump).

use anyhow::anyhow;

use crate::global::Global;

/// Checks `--region` (but for `events`, which checks its own) and `--endpoint-url` when given,
/// and the profile (`--profile`, else
/// `AWS_PROFILE`) when `command` is going to connect with it.
/// Checks the global AWS options: `--region` unless the command reads Regions of its own
/// (`own_regions`), `--endpoint-url`, and the profile when the command `connects`.
pub fn check(global: &Global, own_regions: bool, connects: bool) -> anyhow::Result<()> {
    if let (Some(region), false) = (&global.region, own_regions) {
        rampart_aws::check_region(region, None).map_err(|e| anyhow!("--region: {e}"))?;
    }
    if let Some(url) = &global.endpoint_url {
        rampart_aws::check_endpoint_url(url)
            .map_err(|e| anyhow!("{}: {e}", endpoint_source(url)))?;
    }
    if connects {
        if let Some((flag, name)) = profile(global) {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime
                .block_on(rampart_aws::check_profile(&name))
                .map_err(|e| match e {
                    rampart_aws::ProfileError::Unreadable(_) => anyhow::Error::new(e),
                    _ => anyhow!("{flag}: {e}"),
                })?;
        }
    }
    Ok(())
}

fn profile(global: &Global) -> Option<(&'static str, String)> {
    if let Some(name) = &global.profile {
        return Some(("--profile", name.clone()));
    }
    std::env::var("AWS_PROFILE")
        .ok()
        .filter(|p| !p.is_empty())
        .map(|p| ("AWS_PROFILE", p))
}

/// `--endpoint-url`, or `AWS_ENDPOINT_URL` when the value came from there.
fn endpoint_source(url: &str) -> &'static str {
    let from_env = std::env::var("AWS_ENDPOINT_URL").is_ok_and(|v| v == url)
        && !std::env::args().any(|a| a.starts_with("--endpoint-url"));
    if from_env {
        "AWS_ENDPOINT_URL"
    } else {
        "--endpoint-url"
    }
}
