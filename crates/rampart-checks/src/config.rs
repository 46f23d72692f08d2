//! What the audit can be told about the account's intent (from `rampart.toml`).

/// Audit settings. Every field has the baseline's default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditConfig {
    /// The baseline's own admin group. When `None`, any group that grants full admin *and*
    /// enforces MFA is taken to be it.
    pub admin_group: Option<String>,
    /// CIS 1.11: credentials unused for this many days should be disabled.
    pub unused_credentials_days: i64,
    /// CIS 1.13: access keys older than this many days should be rotated.
    pub access_key_max_age_days: i64,
    /// CIS 1.6: root use within this many days counts as recent.
    pub root_recent_use_days: i64,
}

impl Default for AuditConfig {
    fn default() -> Self {
        Self {
            admin_group: None,
            unused_credentials_days: 45,
            access_key_max_age_days: 90,
            root_recent_use_days: 90,
        }
    }
}
