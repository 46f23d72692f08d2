//! Where an archive's files are read from: a trail's S3 bucket, or a folder of logs already
//! downloaded in the same layout (`aws s3 sync s3://BUCKET DIR`).

use std::future::Future;
use std::path::PathBuf;

use rampart_model::Unavailable;

use crate::errors;

/// A file of the archive: its key and size in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRef {
    pub key: String,
    pub size: u64,
}

/// Reads folders and files by key (`/`-separated, folders ending in `/`).
pub trait Store: Send + Sync + 'static {
    /// The names of the folders directly under `prefix`.
    fn folders(
        &self,
        prefix: &str,
    ) -> impl Future<Output = Result<Vec<String>, Unavailable>> + Send;
    /// The files directly under `prefix`.
    fn files(&self, prefix: &str)
        -> impl Future<Output = Result<Vec<FileRef>, Unavailable>> + Send;
    /// A file's bytes.
    fn read(&self, key: &str) -> impl Future<Output = Result<Vec<u8>, Unavailable>> + Send;
    /// Where the archive is, for messages (`s3://bucket/prefix`, a folder).
    fn describe(&self) -> String;
}

/// A folder on this machine.
#[derive(Debug, Clone)]
pub struct LocalDir {
    pub root: PathBuf,
}

impl LocalDir {
    fn path(&self, key: &str) -> PathBuf {
        self.root.join(key.trim_end_matches('/'))
    }

    fn failed(&self, key: &str, e: &std::io::Error) -> Unavailable {
        Unavailable::new(
            rampart_model::UnavailableKind::Error,
            None,
            format!("{}: {e}", self.path(key).display()),
        )
    }

    fn entries(&self, prefix: &str, dirs: bool) -> Result<Vec<(String, u64)>, Unavailable> {
        let path = self.path(prefix);
        let read = match std::fs::read_dir(&path) {
            Ok(r) => r,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.failed(prefix, &e)),
        };
        let mut out = Vec::new();
        for entry in read {
            let entry = entry.map_err(|e| self.failed(prefix, &e))?;
            let meta = entry.metadata().map_err(|e| self.failed(prefix, &e))?;
            if meta.is_dir() == dirs {
                out.push((entry.file_name().to_string_lossy().into_owned(), meta.len()));
            }
        }
        out.sort();
        Ok(out)
    }
}

impl Store for LocalDir {
    async fn folders(&self, prefix: &str) -> Result<Vec<String>, Unavailable> {
        Ok(self
            .entries(prefix, true)?
            .into_iter()
            .map(|(n, _)| n)
            .collect())
    }

    async fn files(&self, prefix: &str) -> Result<Vec<FileRef>, Unavailable> {
        Ok(self
            .entries(prefix, false)?
            .into_iter()
            .map(|(n, size)| FileRef {
                key: format!("{prefix}{n}"),
                size,
            })
            .collect())
    }

    async fn read(&self, key: &str) -> Result<Vec<u8>, Unavailable> {
        tokio::fs::read(self.path(key))
            .await
            .map_err(|e| self.failed(key, &e))
    }

    fn describe(&self) -> String {
        self.root.display().to_string()
    }
}

/// A trail's S3 bucket.
#[derive(Debug, Clone)]
pub struct S3Bucket {
    pub client: aws_sdk_s3::Client,
    pub bucket: String,
}

/// The permission a refused read lacks: `kms:Decrypt` when the refusal names the key.
fn read_refused(err: Unavailable) -> Unavailable {
    if err.kind == rampart_model::UnavailableKind::AccessDenied && err.message.contains("kms:") {
        return Unavailable::access_denied("kms:Decrypt", err.message);
    }
    err
}

impl S3Bucket {
    async fn list(&self, prefix: &str) -> Result<(Vec<String>, Vec<FileRef>), Unavailable> {
        let mut folders = Vec::new();
        let mut files = Vec::new();
        let mut token: Option<String> = None;
        let mut tokens = crate::paging::Tokens::default();
        loop {
            let out = self
                .client
                .list_objects_v2()
                .bucket(&self.bucket)
                .prefix(prefix)
                .delimiter("/")
                .set_continuation_token(token.clone())
                .send()
                .await
                .map_err(|e| errors::unavailable("s3:ListBucket", &e))?;
            for p in out.common_prefixes() {
                if let Some(name) = p.prefix().and_then(|p| p.strip_prefix(prefix)) {
                    folders.push(name.trim_end_matches('/').to_owned());
                }
            }
            for o in out.contents() {
                if let Some(key) = o.key() {
                    files.push(FileRef {
                        key: key.to_owned(),
                        size: o.size().and_then(|s| u64::try_from(s).ok()).unwrap_or(0),
                    });
                }
            }
            let next = out
                .next_continuation_token()
                .filter(|_| out.is_truncated() == Some(true));
            match tokens.next("s3:ListBucket", next)? {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        Ok((folders, files))
    }
}

/// An object read with what verification needs besides its bytes.
#[derive(Debug, Clone)]
pub struct SignedObject {
    pub bytes: Vec<u8>,
    /// The `x-amz-meta-signature` metadata (hex), which CloudTrail sets on digest files.
    pub signature: Option<String>,
}

impl S3Bucket {
    /// An object and its `signature` metadata; `Ok(None)` when there is no such object.
    pub async fn read_signed(&self, key: &str) -> Result<Option<SignedObject>, Unavailable> {
        let out = match self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
        {
            Ok(out) => out,
            Err(e) if errors::has_code(&e, "NoSuchKey") || errors::status_of(&e) == Some(404) => {
                return Ok(None)
            }
            Err(e) => return Err(read_refused(errors::unavailable("s3:GetObject", &e))),
        };
        let signature = out.metadata().and_then(|m| m.get("signature")).cloned();
        let body = out.body.collect().await.map_err(|e| {
            Unavailable::new(
                rampart_model::UnavailableKind::Error,
                Some("s3:GetObject"),
                format!("s3://{}/{key}: {e}", self.bucket),
            )
        })?;
        Ok(Some(SignedObject {
            bytes: body.into_bytes().to_vec(),
            signature,
        }))
    }
}

impl Store for S3Bucket {
    async fn folders(&self, prefix: &str) -> Result<Vec<String>, Unavailable> {
        Ok(self.list(prefix).await?.0)
    }

    async fn files(&self, prefix: &str) -> Result<Vec<FileRef>, Unavailable> {
        Ok(self.list(prefix).await?.1)
    }

    async fn read(&self, key: &str) -> Result<Vec<u8>, Unavailable> {
        match self.read_signed(key).await? {
            Some(object) => Ok(object.bytes),
            None => Err(Unavailable::new(
                rampart_model::UnavailableKind::Error,
                Some("s3:GetObject"),
                format!(
                    "s3://{}/{key}: no such object (deleted since it was listed?)",
                    self.bucket
                ),
            )),
        }
    }

    fn describe(&self) -> String {
        format!("s3://{}", self.bucket)
    }
}
