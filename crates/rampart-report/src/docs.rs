//! A check's documentation split into its sections ("What it checks", "How to fix", …) and the
//! links it cites, for the reports that show or point to it (HTML, SARIF).

/// One `## Heading` section of a check's Markdown documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    /// The Markdown under the heading, trimmed.
    pub body: String,
}

/// The `## ` sections of `markdown`, in order. Text before the first heading is dropped.
pub fn sections(markdown: &str) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for line in markdown.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            out.push(Section {
                heading: h.trim().to_string(),
                body: String::new(),
            });
        } else if let Some(last) = out.last_mut() {
            last.body.push_str(line);
            last.body.push('\n');
        }
    }
    for s in &mut out {
        s.body = s.body.trim().to_string();
    }
    out
}

/// The body of the section called `heading`, if the documentation has one.
pub fn section(markdown: &str, heading: &str) -> Option<String> {
    sections(markdown)
        .into_iter()
        .find(|s| s.heading.eq_ignore_ascii_case(heading))
        .map(|s| s.body)
}

/// Every `<https://…>` autolink in `markdown`, in order, without duplicates.
pub fn links(markdown: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = markdown;
    while let Some(start) = rest.find("<https://") {
        let after = &rest[start + 1..];
        let Some(end) = after.find('>') else { break };
        let url = &after[..end];
        if is_safe_url(url) && !out.iter().any(|u| u == url) {
            out.push(url.to_string());
        }
        rest = &after[end..];
    }
    out
}

/// The first link to AWS documentation, the natural "help" page of a check.
pub fn aws_doc_link(markdown: &str) -> Option<String> {
    links(markdown)
        .into_iter()
        .find(|u| u.starts_with("https://docs.aws.amazon.com/"))
}

/// An `https://` URL with nothing in it that could break out of an attribute or a link.
pub fn is_safe_url(url: &str) -> bool {
    url.starts_with("https://")
        && url.len() > "https://".len()
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"'<>`\\".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "intro\n## What it checks\nA thing.\n\n## How to fix\nDo **this**.\n\n## References\n- <https://docs.aws.amazon.com/a>\n- <https://example.com/b>\n- <https://docs.aws.amazon.com/a>\n- <https://bad\"x>\n";

    #[test]
    fn splits_sections_and_finds_links() {
        let s = sections(DOC);
        let names: Vec<_> = s.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(names, ["What it checks", "How to fix", "References"]);
        assert_eq!(section(DOC, "how to fix").as_deref(), Some("Do **this**."));
        assert_eq!(
            links(DOC),
            ["https://docs.aws.amazon.com/a", "https://example.com/b"]
        );
        assert_eq!(
            aws_doc_link(DOC).as_deref(),
            Some("https://docs.aws.amazon.com/a")
        );
    }

    #[test]
    fn rejects_urls_that_could_escape() {
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url("https://a b"));
        assert!(!is_safe_url("https://"));
        assert!(is_safe_url("https://docs.aws.amazon.com/x?y=1#z"));
    }
}
