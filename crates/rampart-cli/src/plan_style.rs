//! The plan's text for a terminal, as the audit's table is: each line wrapped to the width with
//! its indentation kept, and, when colour is wanted, the action symbols coloured as OpenTofu
//! colours them (`+` green, `~` yellow, `-` red) and `!` manual steps and headings in bold.
//!
//! `rampart_plan::render::text` writes the plan (its tests pin the wording); this only lays it
//! out. Lines that fit are left exactly as they are.

use rampart_report::paint::Paint;
use rampart_report::wrap::wrap;

/// `text` laid out for `width` columns, coloured when `color`.
pub fn style(text: &str, color: bool, width: usize) -> String {
    let p = Paint { color };
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        for l in lay_out(line, width, p) {
            out.push_str(&l);
            out.push('\n');
        }
    }
    out
}

fn lay_out(line: &str, width: usize, p: Paint) -> Vec<String> {
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    if let Some((marker, rest)) = symbol(body) {
        let first = format!("{indent}{marker} ");
        let cont = format!("{indent}    ");
        let mut lines = fit(rest, line, width, &first, &cont);
        lines[0] = format!(
            "{indent}{} {}",
            paint_symbol(marker, p),
            &lines[0][first.len()..]
        );
        return lines;
    }
    if let Some(number) = step_number(body) {
        let first = format!("{indent}{number} ");
        let cont = format!("{indent}{}", " ".repeat(number.len() + 1));
        return fit(&body[number.len() + 1..], line, width, &first, &cont);
    }
    let heading = indent.is_empty()
        && (body.ends_with(':') || body.starts_with("Plan:") || body.starts_with("No changes."));
    let lines = fit(body, line, width, indent, &format!("{indent}  "));
    if heading {
        lines.iter().map(|l| p.bold(l)).collect()
    } else {
        lines
    }
}

/// The line as it is when it fits, else wrapped.
fn fit(rest: &str, whole: &str, width: usize, first: &str, cont: &str) -> Vec<String> {
    if whole.chars().count() <= width {
        vec![format!("{first}{rest}")]
    } else {
        wrap(rest, width, first, cont)
    }
}

/// `+`, `~`, `-`, `!` or `?` followed by a space: an action, a manual step or an unread fact.
fn symbol(body: &str) -> Option<(char, &str)> {
    let mut chars = body.chars();
    let marker = chars.next()?;
    let rest = chars.as_str().strip_prefix(' ')?;
    "+~-!?".contains(marker).then_some((marker, rest))
}

/// `12.` at the start of a numbered manual step.
fn step_number(body: &str) -> Option<&str> {
    let end = body.find(". ")?;
    let number = &body[..=end];
    (end > 0 && body[..end].bytes().all(|b| b.is_ascii_digit())).then_some(number)
}

fn paint_symbol(marker: char, p: Paint) -> String {
    let m = marker.to_string();
    match marker {
        '+' => p.green(&m),
        '~' | '?' => p.yellow(&m),
        '-' => p.red(&m),
        _ => p.bold(&m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_that_fit_are_unchanged_without_colour() {
        let text = "Legend: + create  ~ update\n\n  + SNS topic `x`\n      resolves RMP308\n";
        assert_eq!(style(text, false, 100), text);
    }

    #[test]
    fn long_lines_wrap_under_their_own_indentation() {
        let text = "  ! turn on MFA for the root user\n      12. Either set `trail.kms = true` in rampart.toml and run `rampart apply` again: rampart creates a key\n";
        let out = style(text, false, 60);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "  ! turn on MFA for the root user");
        assert!(lines[1].starts_with("      12. Either set"), "{out}");
        assert!(lines.len() >= 3, "{out}");
        for l in &lines[2..] {
            assert!(
                l.starts_with("          ") && !l.starts_with("           "),
                "{l:?}"
            );
            assert!(l.chars().count() <= 60, "{l:?}");
        }
    }

    #[test]
    fn symbols_and_headings_are_coloured_only_when_asked() {
        let text =
            "Manual steps (rampart cannot do these):\n  + bucket `b`\n  - root user access keys\n";
        let plain = style(text, false, 100);
        assert!(!plain.contains('\u{1b}'));
        let colored = style(text, true, 100);
        assert_eq!(colored.matches('\u{1b}').count() % 2, 0);
        for line in colored.lines() {
            assert!(
                line.starts_with('\u{1b}') || line.starts_with("  \u{1b}"),
                "{line:?}"
            );
        }
        // Colour adds escape codes only: the text is the same.
        let stripped: String = colored
            .split('\u{1b}')
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    part.split_once('m').map_or("", |(_, t)| t)
                }
            })
            .collect();
        assert_eq!(stripped, plain);
    }
}
