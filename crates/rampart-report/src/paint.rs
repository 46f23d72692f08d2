//! Colour for the terminal renderers, applied only when the caller asks for it.

use owo_colors::OwoColorize;
use rampart_model::Severity;

/// Applies colour only when asked to, so the renderers never decide about terminals.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub color: bool,
}

impl Paint {
    /// `styled(s)` when colour is on, else `s` as it is.
    fn when(self, s: &str, styled: impl FnOnce(&str) -> String) -> String {
        if self.color {
            styled(s)
        } else {
            s.to_owned()
        }
    }
    pub fn red(self, s: &str) -> String {
        self.when(s, |s| s.red().bold().to_string())
    }
    pub fn yellow(self, s: &str) -> String {
        self.when(s, |s| s.yellow().to_string())
    }
    pub fn green(self, s: &str) -> String {
        self.when(s, |s| s.green().to_string())
    }
    pub fn bold(self, s: &str) -> String {
        self.when(s, |s| s.bold().to_string())
    }
    pub fn dim(self, s: &str) -> String {
        self.when(s, |s| s.dimmed().to_string())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_escape_codes_without_colour() {
        let p = Paint { color: false };
        assert_eq!(p.red("x"), "x");
        assert_eq!(p.severity(Severity::High), "high    ");
        assert!(Paint { color: true }.red("x").contains('\u{1b}'));
    }
}
