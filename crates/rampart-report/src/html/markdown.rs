//! The small part of Markdown the checks' documentation uses, turned into HTML safely: every
//! character of the source is escaped; only paragraphs, `- ` lists, `code`, **bold** and
//! `<https://…>` autolinks become markup.

use crate::docs::is_safe_url;

/// Escapes text for HTML element content and double- or single-quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Paragraphs and lists of a Markdown block.
pub fn block(md: &str) -> String {
    let mut out = String::new();
    let mut para: Vec<&str> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    let flush_para = |para: &mut Vec<&str>, out: &mut String| {
        if !para.is_empty() {
            out.push_str(&format!("<p>{}</p>", inline(&para.join(" "))));
            para.clear();
        }
    };
    let flush_list = |items: &mut Vec<String>, out: &mut String| {
        if !items.is_empty() {
            out.push_str("<ul>");
            for i in items.iter() {
                out.push_str(&format!("<li>{}</li>", inline(i)));
            }
            out.push_str("</ul>");
            items.clear();
        }
    };
    for line in md.lines() {
        let t = line.trim();
        if let Some(item) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
            flush_para(&mut para, &mut out);
            items.push(item.to_string());
        } else if t.is_empty() {
            flush_para(&mut para, &mut out);
            flush_list(&mut items, &mut out);
        } else if !items.is_empty() && line.starts_with("  ") {
            // A continuation line of the last list item.
            if let Some(last) = items.last_mut() {
                last.push(' ');
                last.push_str(t);
            }
        } else {
            flush_list(&mut items, &mut out);
            para.push(t);
        }
    }
    flush_para(&mut para, &mut out);
    flush_list(&mut items, &mut out);
    out
}

/// One line of Markdown: `code`, **bold** and safe autolinks; everything else escaped.
pub fn inline(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix('`') {
            if let Some(end) = r.find('`') {
                out.push_str(&format!("<code>{}</code>", escape(&r[..end])));
                rest = &r[end + 1..];
                continue;
            }
        }
        if let Some(r) = rest.strip_prefix("**") {
            if let Some(end) = r.find("**") {
                out.push_str(&format!("<strong>{}</strong>", inline(&r[..end])));
                rest = &r[end + 2..];
                continue;
            }
        }
        if let Some(r) = rest.strip_prefix('<') {
            if let Some(end) = r.find('>') {
                let url = &r[..end];
                if is_safe_url(url) {
                    out.push_str(&link(url, url));
                    rest = &r[end + 1..];
                    continue;
                }
            }
        }
        out.push_str(&escape(&rest[..c.len_utf8()]));
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A link that opens outside the report and sends no referrer.
pub fn link(url: &str, text: &str) -> String {
    format!(
        "<a href=\"{}\" rel=\"noopener noreferrer\" target=\"_blank\">{}</a>",
        escape(url),
        escape(text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_subset() {
        let html = block("Sign in, open **Security credentials**\n(<https://console.aws.amazon.com/x>).\n\n- one `a<b`\n- two\n");
        assert_eq!(
            html,
            "<p>Sign in, open <strong>Security credentials</strong> (<a href=\"https://console.aws.amazon.com/x\" rel=\"noopener noreferrer\" target=\"_blank\">https://console.aws.amazon.com/x</a>).</p><ul><li>one <code>a&lt;b</code></li><li>two</li></ul>"
        );
    }

    #[test]
    fn escapes_everything_else() {
        let html = inline("<script>alert('x')</script> <javascript:alert(1)> & \"q\"");
        assert!(!html.contains("<script") && !html.contains("<a "), "{html}");
        assert!(
            html.contains("&lt;script&gt;")
                && html.contains("&amp;")
                && html.contains("&quot;q&quot;")
        );
    }

    #[test]
    fn unclosed_markers_stay_text() {
        assert_eq!(inline("a `b **c"), "a `b **c");
    }
}
