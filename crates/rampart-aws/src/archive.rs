//! The trail's archive: the log files CloudTrail delivers to S3, searched like the event
//! history but over any window the archive covers (`rampart events --source archive`).
//!
//! [`layout`] knows where files are; [`store`] reads them from a bucket or a local copy;
//! [`decode`] turns a file into the events a filter wants; [`scan`] runs the search newest
//! first, a day at a time, with bounded concurrency; [`verify`] proves the archive untampered
//! from the digests CloudTrail signs.

pub mod decode;
pub mod layout;
pub mod scan;
pub mod store;
mod trail;
pub mod verify;

pub use layout::LogRoot;
pub use scan::{scan, ArchiveOutcome, ArchiveProgress, ArchiveQuery, ArchiveStats, Gap};
pub use store::{FileRef, LocalDir, S3Bucket, SignedObject, Store};
pub use trail::{organization_folder, public_keys, trail_archive, TrailArchive};
