//! One call of an action, as every action family makes it: counted clients whose requests
//! reach the caller's progress, and the error of a call that failed.

use std::future::Future;

use tokio::sync::mpsc::unbounded_channel;

use crate::clients::Clients;
use crate::{Connection, Progress};

/// A failed SDK call inside an action: the API and what went wrong, classified as the
/// collector classifies errors (access denied names the permission). It is the `source` of
/// [`super::StepError::Call`], which gives it the action's title.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CallError {
    pub api: String,
    pub message: String,
}

impl CallError {
    pub(crate) fn sdk<E>(
        api: &str,
        err: &aws_smithy_runtime_api::client::result::SdkError<
            E,
            aws_smithy_runtime_api::client::orchestrator::HttpResponse,
        >,
    ) -> Self
    where
        E: aws_smithy_types::error::metadata::ProvideErrorMetadata + std::error::Error + 'static,
    {
        let u = crate::errors::unavailable(api, err);
        let message = match u.kind {
            rampart_model::UnavailableKind::AccessDenied => {
                format!(
                    "access denied: the caller needs the `{api}` permission ({})",
                    u.message
                )
            }
            _ => u.message,
        };
        CallError {
            api: api.to_owned(),
            message,
        }
    }

    pub(crate) fn other(api: &str, message: impl Into<String>) -> Self {
        CallError {
            api: api.to_owned(),
            message: message.into(),
        }
    }
}

/// Runs `work` with counted clients, passing each request to `progress`.
pub(crate) async fn with_clients<T, F, Fut>(
    conn: &Connection,
    progress: &dyn Progress,
    work: F,
) -> T
where
    F: FnOnce(Clients) -> Fut,
    Fut: Future<Output = T>,
{
    let (sink, mut requests) = unbounded_channel::<String>();
    let fut = work(Clients::new(conn, sink));
    tokio::pin!(fut);
    loop {
        tokio::select! {
            biased;
            Some(api) = requests.recv() => progress.request(&api),
            result = &mut fut => {
                while let Ok(api) = requests.try_recv() {
                    progress.request(&api);
                }
                return result;
            }
        }
    }
}
