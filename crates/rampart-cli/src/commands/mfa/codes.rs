//! Where the two MFA codes come from: `--code1/--code2`, a person at the terminal, or lines on
//! standard input (for scripts).
//!
//! Standard input is read on its own thread and handed over line by line, so that waiting for
//! a code can be raced against Ctrl-C.

use std::io::{BufRead, IsTerminal};

use anyhow::{anyhow, bail};
use rampart_aws::mfa::totp::parse_code;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

/// A source of code pairs.
pub struct Codes {
    preset: Option<(String, String)>,
    lines: Option<UnboundedReceiver<String>>,
    interactive: bool,
}

impl Codes {
    /// Codes from the flags when both are given, else from standard input.
    pub fn new(code1: Option<&str>, code2: Option<&str>) -> anyhow::Result<Self> {
        let preset = match (code1, code2) {
            (Some(a), Some(b)) => Some((a.to_owned(), b.to_owned())),
            (None, None) => None,
            _ => bail!("--code1 and --code2 go together"),
        };
        Ok(Self {
            preset,
            lines: None,
            interactive: std::io::stdin().is_terminal(),
        })
    }

    /// True when another pair can be read after a refused one: from the terminal or standard
    /// input, not from `--code1/--code2`.
    pub fn can_retry(&self) -> bool {
        self.preset.is_none()
    }

    /// The next two codes, in order.
    pub async fn pair(&mut self) -> anyhow::Result<(u32, u32)> {
        if let Some((a, b)) = self.preset.take() {
            return Ok((parse("--code1", &a)?, parse("--code2", &b)?));
        }
        if self.interactive {
            let first = self.ask("First code: ").await?;
            eprintln!("Wait for the code to change, then type the new one.");
            let second = self.ask("Next code: ").await?;
            return Ok((first, second));
        }
        // Scripts: two codes, on one line or two.
        let mut found = Vec::new();
        while found.len() < 2 {
            let line = self.line().await?;
            for word in line.split_whitespace() {
                found.push(parse("standard input", word)?);
            }
        }
        match found[..] {
            [a, b] => Ok((a, b)),
            _ => bail!("standard input: expected two codes, found {}", found.len()),
        }
    }

    /// Asks at the terminal until a well-formed code is typed.
    async fn ask(&mut self, prompt: &str) -> anyhow::Result<u32> {
        loop {
            eprint!("{prompt}");
            let line = self.line().await?;
            match parse_code(&line) {
                Some(c) => return Ok(c),
                None => eprintln!("A code is six digits; try again."),
            }
        }
    }

    async fn line(&mut self) -> anyhow::Result<String> {
        let lines = self.lines.get_or_insert_with(spawn_reader);
        lines
            .recv()
            .await
            .ok_or_else(|| anyhow!("standard input ended before two MFA codes were read"))
    }
}

fn parse(from: &str, text: &str) -> anyhow::Result<u32> {
    parse_code(text).ok_or_else(|| anyhow!("{from}: an MFA code is six digits"))
}

/// Reads standard input on a thread of its own until it ends.
fn spawn_reader() -> UnboundedReceiver<String> {
    let (tx, rx) = unbounded_channel();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn flags_give_one_pair_and_are_checked() {
        let mut codes = Codes::new(Some("012345"), Some("678901")).expect("both flags");
        assert!(!codes.can_retry());
        assert_eq!(codes.pair().await.expect("pair"), (12345, 678901));
        let mut bad = Codes::new(Some("12345"), Some("678901")).expect("both flags");
        let e = bad.pair().await.expect_err("five digits").to_string();
        assert!(e.contains("--code1"), "{e}");
        assert!(Codes::new(Some("123456"), None).is_err());
    }
}
