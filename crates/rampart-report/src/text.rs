//! Small text helpers for the terminal renderers: optional colour, word wrapping, short resource
//! names and one-line evidence.

use owo_colors::OwoColorize;
use rampart_model::{ResourceRef, Severity};

/// Applies colour only when asked to, so the renderers never decide about terminals.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub color: bool,
}

impl Paint {
    pub fn red(self, s: &str) -> String {
        if self.color {
            s.red().bold().to_string()
        } else {
            s.to_owned()
        }
    }
    pub fn yellow(self, s: &str) -> String {
        if self.color {
            s.yellow().to_string()
        } else {
            s.to_owned()
        }
    }
    pub fn green(self, s: &str) -> String {
        if self.color {
            s.green().to_string()
        } else {
            s.to_owned()
        }
    }
    pub fn bold(self, s: &str) -> String {
        if self.color {
            s.bold().to_string()
        } else {
            s.to_owned()
        }
    }
    pub fn dim(self, s: &str) -> String {
        if self.color {
            s.dimmed().to_string()
        } else {
            s.to_owned()
        }
    }
    /// The severity name, padded to a fixed width before colouring so columns line up.
    pub fn severity(self, s: Severity) -> String {
        let padded = format!("{:<8}", s.as_str());
        if !self.color {
            return padded;
        }
        match s {
            Severity::Critical => padded.red().bold().to_string(),
            Severity::High => padded.red().to_string(),
            Severity::Medium => padded.yellow().to_string(),
            Severity::Low => padded.blue().to_string(),
            Severity::Info => padded.dimmed().to_string(),
        }
    }
}

/// Wraps `text` at `width` columns; the first line starts with `first`, the others with `rest`.
/// Words longer than a line are kept whole rather than split.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_owned();
    let mut empty = true;
    let mut on_first = !first.trim().is_empty();
    for word in text.split_whitespace() {
        let len = line.chars().count();
        let fits = len + usize::from(!empty) + word.chars().count() <= width;
        if !fits && (!empty || on_first) {
            // A word that does not fit after a non-blank first prefix starts the next line.
            let done = std::mem::replace(&mut line, rest.to_owned());
            lines.push(done.trim_end().to_owned());
            empty = true;
        }
        on_first = false;
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    lines.push(line);
    lines
}

/// A resource as a person reads it: `iam-user alice`, `trail main (us-east-1)`, `root user`.
pub fn resource(r: &ResourceRef) -> String {
    let tail = r.id.rsplit(':').next().unwrap_or(&r.id);
    let name = tail.rsplit('/').next().unwrap_or(tail);
    let mut out = if r.kind == "root" {
        "root user".to_owned()
    } else if name.is_empty() {
        format!("{} {}", r.kind, r.id)
    } else {
        format!("{} {name}", r.kind)
    };
    if let Some(region) = &r.region {
        out.push_str(&format!(" ({region})"));
    }
    out
}

/// Evidence as `key=value` items: strings unquoted, long values cut, at most `max` entries.
pub fn evidence(map: &rampart_model::Evidence, max: usize) -> Vec<String> {
    const VALUE_MAX: usize = 60;
    let mut items: Vec<String> = map
        .iter()
        .take(max)
        .map(|(k, v)| {
            let value = match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let value = if value.chars().count() > VALUE_MAX {
                let cut: String = value.chars().take(VALUE_MAX - 1).collect();
                format!("{cut}…")
            } else {
                value
            };
            format!("{k}={value}")
        })
        .collect();
    if map.len() > max {
        items.push(format!("(+{} more)", map.len() - max));
    }
    items
}

/// Joins items with ` · `, breaking lines only between items (an item is never split).
pub fn wrap_items(items: &[String], width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_owned();
    let mut empty = true;
    for item in items {
        let sep = if empty { "" } else { " · " };
        if !empty && line.chars().count() + sep.chars().count() + item.chars().count() > width {
            lines.push(std::mem::replace(&mut line, rest.to_owned()));
            empty = true;
        }
        if !empty {
            line.push_str(" · ");
        }
        line.push_str(item);
        empty = false;
    }
    lines.push(line);
    lines
}

/// Wraps `text` after a `first` prefix that may hold colour sequences.
pub fn wrap_painted(first: &str, text: &str, width: usize, rest: &str) -> Vec<String> {
    let hidden = first.chars().count() - visible_len(first);
    let mut lines = wrap(text, width + hidden, first, rest);
    // Only the first line carries the hidden characters; re-wrap the others at `width`.
    if lines.len() > 1 {
        let tail = lines
            .split_off(1)
            .iter()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" ");
        lines.extend(wrap(&tail, width, rest, rest));
    }
    lines
}

/// Columns a string takes, ignoring ANSI colour sequences.
pub fn visible_len(s: &str) -> usize {
    let mut n = 0;
    let mut in_escape = false;
    for c in s.chars() {
        match (in_escape, c) {
            (false, '\u{1b}') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, _) => n += 1,
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_with_indents_and_keeps_long_words() {
        let lines = wrap("one two three four", 12, "  > ", "    ");
        assert_eq!(lines, vec!["  > one two", "    three", "    four"]);
        let long = wrap("abcdefghijklmnop", 5, "", "");
        assert_eq!(long, vec!["abcdefghijklmnop"]);
        let after_prefix = wrap("abcdefghij klm", 12, "  name: ", "    ");
        assert_eq!(after_prefix, vec!["  name:", "    abcdefghij", "    klm"]);
    }

    #[test]
    fn short_resource_names() {
        let u = ResourceRef::new("iam-user", "arn:aws:iam::123456789012:user/ops/alice");
        assert_eq!(resource(&u), "iam-user alice");
        let root = ResourceRef::new("root", "arn:aws:iam::123456789012:root");
        assert_eq!(resource(&root), "root user");
        let b = ResourceRef::new("s3-bucket", "arn:aws:s3:::logs").in_region("eu-west-1");
        assert_eq!(resource(&b), "s3-bucket logs (eu-west-1)");
        assert_eq!(
            resource(&ResourceRef::account("123456789012")),
            "account 123456789012"
        );
    }

    #[test]
    fn evidence_is_bounded_and_wraps_between_items() {
        let mut m = rampart_model::Evidence::new();
        m.insert("a".to_owned(), serde_json::json!("two words"));
        m.insert("b".to_owned(), serde_json::json!([1, 2]));
        m.insert("c".to_owned(), serde_json::json!("y".repeat(100)));
        m.insert("d".to_owned(), serde_json::Value::Null);
        let items = evidence(&m, 3);
        assert_eq!(items[..2], ["a=two words", "b=[1,2]"]);
        assert!(
            items[2].starts_with("c=yyy")
                && items[2].ends_with('…')
                && items[2].chars().count() == 62
        );
        assert_eq!(items[3], "(+1 more)");
        let lines = wrap_items(&items[..2], 20, "> ", "  ");
        assert_eq!(lines, vec!["> a=two words", "  b=[1,2]"]);
        assert_eq!(
            wrap_items(&items[..2], 80, "", ""),
            vec!["a=two words · b=[1,2]"]
        );
    }

    #[test]
    fn visible_length_skips_colour_sequences() {
        let p = Paint { color: true };
        assert_eq!(visible_len(&p.red("abc")), 3);
        let lines = wrap_painted(&format!("{} ", p.green("✓")), "one two three", 9, "  ");
        assert_eq!(
            lines.iter().map(|l| visible_len(l)).collect::<Vec<_>>(),
            vec![9, 7]
        );
    }

    #[test]
    fn no_escape_codes_without_colour() {
        let p = Paint { color: false };
        assert_eq!(p.red("x"), "x");
        assert_eq!(p.severity(Severity::High), "high    ");
        assert!(Paint { color: true }.red("x").contains('\u{1b}'));
    }
}
