//! Paging for `GetAccountAuthorizationDetails`, which moto always answers in one page with every
//! AWS managed policy in it.
//!
//! AWS pages the users, groups, roles and policies together (`MaxItems`, default 100, and an
//! opaque `Marker`), may return fewer items than asked for, and lists AWS managed policies only
//! when they are attached to something (observed behaviour; the API reference does not say).
//! The endpoint does the same over moto's complete answer, with an optional smaller page size per
//! account so tests can make a modest account span several pages.

use super::request::form_value;

const LISTS: [&str; 4] = [
    "UserDetailList",
    "GroupDetailList",
    "RoleDetailList",
    "Policies",
];
const AWS_POLICY: &str = "<Arn>arn:aws:iam::aws:policy/";

/// The top-level `<member>` elements of `body` (members nest: a user's groups are members too).
fn members(body: &str) -> Vec<&str> {
    let mut out = vec![];
    let (mut depth, mut start, mut at) = (0usize, 0usize, 0usize);
    while let Some(offset) = body[at..].find("member") {
        let pos = at + offset;
        let before = &body[..pos];
        let after = &body[pos..];
        at = pos + "member".len();
        if before.ends_with("</") && after.starts_with("member>") {
            at = pos + "member>".len();
            depth = depth.saturating_sub(1);
            if depth == 0 {
                out.push(&body[start..at]);
            }
        } else if before.ends_with('<') && after.starts_with("member/>") {
            at = pos + "member/>".len();
            if depth == 0 {
                out.push(&body[pos - 1..at]);
            }
        } else if before.ends_with('<') && after.starts_with("member>") {
            if depth == 0 {
                start = pos - 1;
            }
            depth += 1;
        }
    }
    out
}

/// The content of `<tag>…</tag>` in `xml` (empty for `<tag/>`), with the span it occupies.
fn list<'a>(xml: &'a str, tag: &str) -> Option<(&'a str, std::ops::Range<usize>)> {
    let empty = format!("<{tag}/>");
    if let Some(at) = xml.find(&empty) {
        return Some(("", at..at + empty.len()));
    }
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let start = xml.find(&open)?;
    let end = start + xml[start..].find(&close)? + close.len();
    Some((&xml[start + open.len()..end - close.len()], start..end))
}

fn unattached_aws_policy(member: &str) -> bool {
    member.contains(AWS_POLICY) && member.contains("<AttachmentCount>0</AttachmentCount>")
}

/// Rewrites moto's one-page answer as the page `form` asks for. `None` when the answer or the
/// marker cannot be understood (the caller then answers with an error or moto's original).
pub(crate) fn page(xml: &str, form: &str, cap: Option<usize>) -> Option<String> {
    let max_items = match form_value(form, "MaxItems") {
        None => 100,
        Some(v) => v.parse::<usize>().ok().filter(|n| (1..=1000).contains(n))?,
    };
    let size = cap.map_or(max_items, |c| c.clamp(1, max_items));
    let offset = match form_value(form, "Marker") {
        None => 0,
        Some(m) => m.strip_prefix("authz-")?.parse::<usize>().ok()?,
    };
    let mut items: Vec<(usize, &str)> = vec![];
    let mut spans = vec![];
    for (i, tag) in LISTS.iter().enumerate() {
        let (body, span) = list(xml, tag)?;
        spans.push(span);
        let kept = members(body)
            .into_iter()
            .filter(|m| i != 3 || !unattached_aws_policy(m));
        items.extend(kept.map(|m| (i, m)));
    }
    let end = (offset + size).min(items.len());
    let chosen = items.get(offset.min(items.len())..end).unwrap_or_default();
    let mut result = String::new();
    for (i, tag) in LISTS.iter().enumerate() {
        let inner: String = chosen
            .iter()
            .filter(|(l, _)| *l == i)
            .map(|(_, m)| *m)
            .collect();
        result.push_str(&format!("<{tag}>{inner}</{tag}>"));
    }
    if end < items.len() {
        result.push_str(&format!(
            "<IsTruncated>true</IsTruncated><Marker>authz-{end}</Marker>"
        ));
    } else {
        result.push_str("<IsTruncated>false</IsTruncated>");
    }
    let first = spans.iter().map(|s| s.start).min()?;
    let (tail_start, _) = list(xml, "IsTruncated").map(|(_, s)| (s.end, ()))?;
    let tail = match xml[tail_start..].strip_prefix("<Marker>") {
        Some(rest) => &rest[rest.find("</Marker>")? + "</Marker>".len()..],
        None => &xml[tail_start..],
    };
    Some(format!("{}{result}{tail}", &xml[..first]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = "<R><Result><UserDetailList><member><UserName>a</UserName><GroupList>\
        <member>g</member></GroupList><AttachedManagedPolicies/></member><member><UserName>b\
        </UserName><GroupList/></member></UserDetailList><GroupDetailList><member><GroupName>g\
        </GroupName></member></GroupDetailList><RoleDetailList/><Policies><member>\
        <Arn>arn:aws:iam::aws:policy/Unused</Arn><AttachmentCount>0</AttachmentCount></member>\
        <member><Arn>arn:aws:iam::aws:policy/Used</Arn><AttachmentCount>1</AttachmentCount>\
        </member></Policies><IsTruncated>false</IsTruncated></Result><Meta/></R>";

    #[test]
    fn finds_top_level_members_only() {
        let (body, _) = list(XML, "UserDetailList").expect("list");
        let found = members(body);
        assert_eq!(found.len(), 2);
        assert!(found[0].contains("<member>g</member>"));
    }

    #[test]
    fn pages_across_lists_and_drops_unattached_aws_policies() {
        let first = page(XML, "Action=GetAccountAuthorizationDetails", Some(2)).expect("page 1");
        assert!(first.contains("<UserName>a</UserName>") && first.contains("<UserName>b"));
        assert!(first.contains("<GroupDetailList></GroupDetailList>"));
        assert!(
            first.contains("<Marker>authz-2</Marker>") && first.ends_with("</Result><Meta/></R>")
        );
        let second = page(XML, "Marker=authz-2", Some(2)).expect("page 2");
        assert!(second.contains("<GroupName>g") && second.contains("policy/Used"));
        assert!(!second.contains("policy/Unused"));
        assert!(second.contains("<IsTruncated>false</IsTruncated></Result>"));
        assert!(page(XML, "Marker=bogus", None).is_none());
        assert!(page(XML, "MaxItems=0", None).is_none());
    }
}
