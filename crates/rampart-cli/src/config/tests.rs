use super::*;

fn errors(text: &str) -> Vec<String> {
    parse("rampart.toml", text)
        .expect_err("invalid")
        .errors
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn error(text: &str) -> String {
    let all = errors(text);
    assert_eq!(all.len(), 1, "{all:#?}");
    all[0].clone()
}

#[test]
fn reads_every_audit_key() {
    let s = parse(
        "rampart.toml",
        "[audit]\nunused_credentials_days = 30\naccess_key_max_age_days = 60\nroot_recent_use_days = 7\nfail_on = \"critical\"\nignore = [\"RMP102\"]\n",
    )
    .expect("valid");
    assert_eq!(
        (
            s.audit.unused_credentials_days,
            s.audit.access_key_max_age_days,
            s.audit.root_recent_use_days
        ),
        (30, 60, 7)
    );
    assert_eq!(s.fail_on, Severity::Critical);
    assert_eq!(s.ignore, ["RMP102"]);
}

#[test]
fn the_bundled_example_is_valid() {
    let s = parse(
        "examples/rampart.toml",
        include_str!("../../../../examples/rampart.toml"),
    )
    .expect("valid");
    assert_eq!(s.audit.admin_group.as_deref(), Some("Admins"));
    assert_eq!(s.fail_on, Severity::High);
    assert_eq!(
        s.audit.unused_credentials_days,
        AuditConfig::default().unused_credentials_days
    );
}

#[test]
fn an_empty_file_gives_the_defaults() {
    assert_eq!(
        parse("rampart.toml", "").expect("valid"),
        Settings::default()
    );
}

#[test]
fn the_admin_group_has_one_home_that_the_audit_reads_too() {
    let s = parse("rampart.toml", "[admin]\ngroup = \"Operators\"\n").expect("valid");
    assert_eq!(s.baseline.admin_group, "Operators");
    assert_eq!(s.audit.admin_group.as_deref(), Some("Operators"));
    // Unset, the audit detects the group (and `plan` creates the default one).
    assert_eq!(
        parse("rampart.toml", "").expect("valid").audit.admin_group,
        None
    );
}

#[test]
fn the_moved_admin_group_key_names_its_new_home() {
    let e = error("[audit]\nadmin_group = \"Admins\"\n");
    assert_eq!(
        e,
        "rampart.toml:2:1: audit.admin_group: this setting is `admin.group` now, the one place \
         for it: write `group = \"Admins\"` under [admin] instead"
    );
    // Also when both are given, agreeing or not.
    let all = errors("[audit]\nadmin_group = \"A\"\n[admin]\ngroup = \"B\"\n");
    assert_eq!(all.len(), 1, "{all:?}");
    assert!(all[0].contains("audit.admin_group"), "{all:?}");
}

#[test]
fn value_errors_name_position_key_and_value() {
    assert_eq!(
        error("[audit]\nunused_credentials_days = 0\n"),
        "rampart.toml:2:27: audit.unused_credentials_days: must be between 1 and 365, got 0"
    );
    assert!(error("[audit]\nfail_on = \"urgent\"\n")
        .starts_with("rampart.toml:2:11: audit.fail_on: unknown severity `urgent`"));
    assert_eq!(
        error("[alerts]\nemails = [\"ops@example.com\", \"bob\"]\n"),
        "rampart.toml:2:30: alerts.emails: \"bob\" is not an e-mail address"
    );
    assert!(error("[audit]\nignore = [\"RMP999\"]\n")
        .contains("audit.ignore: `RMP999` matches no check"));
    assert_eq!(
        error("[password_policy]\nminimum_length = 8\n"),
        "rampart.toml:2:18: password_policy.minimum_length: must be between 14 and 128, got 8"
    );
    assert!(error("[billing]\nkind = \"cur\"\n")
        .contains("billing.kind: expected \"data-export\" or \"legacy-cur\", got \"cur\""));
    assert!(error("[trail]\nbucket = \"Bad_Name\"\n")
        .contains("trail.bucket: \"Bad_Name\" is not a valid S3 bucket name"));
    assert!(error("[trail]\nregions = \"us-east-1\"\n").contains("trail.regions: only \"all\""));
    assert!(error("[admin]\nusers = [\"a b\"]\n")
        .contains("admin.users: \"a b\" is not a valid IAM name"));
    assert!(error("[password_policy]\nrequire_symbols = false\n")
        .contains("password_policy.require_symbols: the baseline requires"));
}

#[test]
fn wrong_types_name_the_type_expected() {
    assert_eq!(
        error("[audit]\nroot_recent_use_days = \"ten\"\n"),
        "rampart.toml:2:24: audit.root_recent_use_days: expected an integer, got a string"
    );
    assert!(error("[alerts]\nemails = \"ops@example.com\"\n")
        .contains("alerts.emails: expected a list of strings, got a string"));
    assert!(error("[trail]\nkms = \"yes\"\n").contains("trail.kms: expected true or false"));
    assert!(error("audit = 5\n").contains("audit: expected a table ([audit]), got an integer"));
}

#[test]
fn unknown_keys_and_sections_suggest_the_near_name() {
    assert_eq!(
        error("# settings\n[audit]\nunused_credential_days = 30\n"),
        "rampart.toml:3:1: audit.unused_credential_days: unknown key; did you mean \
         `unused_credentials_days`?"
    );
    assert_eq!(
        error("[audits]\n"),
        "rampart.toml:1:2: audits: unknown section; did you mean `audit`?"
    );
    assert_eq!(
        error("[trail]\nnothing_like_it = 1\n"),
        "rampart.toml:2:1: trail.nothing_like_it: unknown key"
    );
}

#[test]
fn every_problem_is_reported_at_once_in_file_order() {
    let e = parse(
        "rampart.toml",
        "[audit]\nfail_on = \"urgent\"\nunused_credential_days = 3\n\n[alerts]\nemails = [\"bob\"]\n\n[billing]\ngranularity = \"monthly\"\n",
    )
    .expect_err("invalid");
    let keys: Vec<&str> = e.errors.iter().filter_map(|e| e.key.as_deref()).collect();
    assert_eq!(
        keys,
        [
            "audit.fail_on",
            "audit.unused_credential_days",
            "alerts.emails",
            "billing.granularity"
        ]
    );
    let text = e.to_string();
    assert_eq!(text.lines().count(), 5, "{text}");
    assert!(
        text.ends_with("\nrampart.toml: 4 errors, nothing was done"),
        "{text}"
    );
}

#[test]
fn syntax_errors_have_a_position_and_one_line() {
    let all = errors("[audit\n");
    assert!(all[0].starts_with("rampart.toml:1:"), "{all:?}");
    assert!(all.iter().all(|e| !e.contains('\n')), "{all:?}");
}

#[test]
fn columns_count_characters() {
    assert_eq!(position("a\n\u{e9}t\u{e9} = 1", 8), (2, 5));
    assert_eq!(position("x", 0), (1, 1));
}

#[test]
fn contacts_are_read_whole_and_each_bad_field_is_named() {
    let s = parse(
        "rampart.toml",
        "[contacts]\nbilling = { name = \"Billing\", title = \"Accounts\", email = \"billing@example.com\", phone = \"+1 (555) 0100\" }\n",
    )
    .expect("valid");
    let billing = s.baseline.contacts.billing.expect("billing");
    assert_eq!(billing.email, "billing@example.com");
    assert_eq!(billing.phone.as_deref(), Some("+1 (555) 0100"));
    assert!(s.baseline.contacts.security.is_none());

    let e = error("[contacts]\nsecurity = { name = \"S\", title = \"T\", email = \"not-an-address\", phone = \"1\" }\n");
    assert!(
        e.contains("contacts.security") && e.contains("not an e-mail address"),
        "{e}"
    );
    let e = error("[contacts]\noperations = { name = \"O\", title = \"T\", email = \"o@example.com\", phone = \"call me\" }\n");
    assert!(
        e.contains("contacts.operations") && e.contains("`phone`"),
        "{e}"
    );
    // A field left out (AWS needs all four) is a table of the wrong shape.
    let e =
        error("[contacts]\nbilling = { name = \"B\", email = \"b@example.com\", phone = \"1\" }\n");
    assert!(
        e.contains("contacts.billing") && e.contains("four strings"),
        "{e}"
    );
    let e = error("[contacts]\nbiling = { name = \"B\" }\n");
    assert!(e.contains("did you mean `billing`"), "{e}");
}

#[test]
fn paid_services_are_off_unless_set_and_a_bad_value_is_named() {
    let s = parse("rampart.toml", "").expect("valid");
    assert!(!s.baseline.services.guardduty && !s.baseline.services.security_hub);
    let s = parse("rampart.toml", "[services]\nguardduty = true\n").expect("valid");
    assert!(s.baseline.services.guardduty && !s.baseline.services.security_hub);
    let e = error("[services]\nsecurity_hub = \"yes\"\n");
    assert!(e.contains("services.security_hub"), "{e}");
    let e = error("[services]\nguard_duty = true\n");
    assert!(e.contains("did you mean `guardduty`"), "{e}");
}
