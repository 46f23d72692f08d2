//! Wrapping for the terminal renderers: text to a width, lists of items between items only, and
//! widths that do not count colour sequences.

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

/// Joins items with ` · `, breaking lines between items. An item wider than a whole line is
/// wrapped at its spaces like [`wrap`], never inside a word.
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
        if line.chars().count() + item.chars().count() > width {
            let mut parts = wrap(item, width, &line, rest);
            line = parts.pop().unwrap_or_default();
            lines.extend(parts);
        } else {
            line.push_str(item);
        }
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
    use crate::paint::Paint;

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
    fn items_wrap_only_between_items() {
        let items = ["a=two words".to_owned(), "b=[1,2]".to_owned()];
        let lines = wrap_items(&items, 20, "> ", "  ");
        assert_eq!(lines, vec!["> a=two words", "  b=[1,2]"]);
        assert_eq!(
            wrap_items(&items, 80, "", ""),
            vec!["a=two words · b=[1,2]"]
        );
        let long = [
            "a=1".to_owned(),
            "b=one two three four".to_owned(),
            "c=2".to_owned(),
        ];
        assert_eq!(
            wrap_items(&long, 12, "> ", "  "),
            vec!["> a=1", "  b=one two", "  three four", "  c=2"]
        );
    }
}
