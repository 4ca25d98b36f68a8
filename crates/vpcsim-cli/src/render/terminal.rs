//! Terminal safety: resource names, descriptions, file snippets and import warnings come from
//! files other people wrote, so a raw control character in them must never reach a terminal (an
//! OSC sequence retitles the window, `ESC [2J` clears it, `\r` hides text).
//!
//! Everything vpcsim writes to stdout and stderr passes through [`Safe`], which keeps `\n`, `\t`
//! and the SGR colour sequences vpcsim itself emits (`ESC [ digits;… m`, which only change
//! colour) and writes every other C0 control, DEL and C1 control (U+0080–U+009F) as a visible
//! escape, `\u{1b}`. Machine formats (JSON, SARIF, JUnit) already escape control characters as
//! their grammar says, so they pass through unchanged.

use std::io::{self, Write};

/// A writer that escapes control characters (see the module docs). Sequences split across
/// `write` calls are carried over, so buffering above it is safe.
pub(crate) struct Safe<W: Write> {
    inner: W,
    /// An unfinished ESC sequence or a lone UTF-8 lead byte 0xC2 from the previous write.
    carry: Vec<u8>,
    /// Scratch output, reused.
    buffer: Vec<u8>,
}

impl<W: Write> Safe<W> {
    pub(crate) fn new(inner: W) -> Safe<W> {
        Safe {
            inner,
            carry: Vec::new(),
            buffer: Vec::new(),
        }
    }
}

fn escape(byte_or_char: u32, out: &mut Vec<u8>) {
    out.extend_from_slice(format!("\\u{{{byte_or_char:x}}}").as_bytes());
}

/// Escapes `input`; returns how many trailing bytes are an unfinished sequence to carry over
/// (only when `more` input may follow).
/// Whether a byte may need escaping (everything else is copied as it is).
#[inline]
fn special(byte: u8) -> bool {
    (byte < 0x20 && byte != b'\n' && byte != b'\t') || byte == 0x7f || byte == 0xc2
}

fn sanitize(input: &[u8], more: bool, out: &mut Vec<u8>) -> usize {
    let mut i = 0;
    while i < input.len() {
        // Copy the run of ordinary bytes in one go (reports are hundreds of megabytes).
        let run = input[i..]
            .iter()
            .position(|b| special(*b))
            .unwrap_or(input.len() - i);
        out.extend_from_slice(&input[i..i + run]);
        i += run;
        if i >= input.len() {
            break;
        }
        let byte = input[i];
        match byte {
            b'\n' | b'\t' => {
                out.push(byte);
                i += 1;
            }
            0x1b => {
                // An SGR sequence: ESC [ (digits | ;)* m.
                let mut j = i + 1;
                if j < input.len() && input[j] == b'[' {
                    j += 1;
                    while j < input.len() && (input[j].is_ascii_digit() || input[j] == b';') {
                        j += 1;
                    }
                    if j < input.len() && input[j] == b'm' && j - i <= 16 {
                        out.extend_from_slice(&input[i..=j]);
                        i = j + 1;
                        continue;
                    }
                }
                if j >= input.len() && more && input.len() - i <= 16 {
                    return input.len() - i;
                }
                escape(0x1b, out);
                i += 1;
            }
            0x00..=0x1f | 0x7f => {
                escape(u32::from(byte), out);
                i += 1;
            }
            0xc2 => match input.get(i + 1) {
                Some(next @ 0x80..=0x9f) => {
                    escape(u32::from(*next), out);
                    i += 2;
                }
                None if more => return 1,
                _ => {
                    out.push(byte);
                    i += 1;
                }
            },
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    0
}

/// The terminal-safe form of one string (for text written in one piece, like `eprintln!`).
pub(crate) fn safe(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    sanitize(text.as_bytes(), false, &mut out);
    // Only ASCII was replaced by ASCII, or whole characters removed: still UTF-8.
    String::from_utf8(out).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into())
}

/// `eprintln!` through [`safe`].
macro_rules! eprintln_safe {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::render::terminal::safe(&format!($($arg)*)))
    };
}
pub(crate) use eprintln_safe;

impl<W: Write> Write for Safe<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        // The common case: nothing carried and nothing to escape.
        if self.carry.is_empty() && !data.iter().any(|b| special(*b)) {
            self.inner.write_all(data)?;
            return Ok(data.len());
        }
        let mut input = std::mem::take(&mut self.carry);
        input.extend_from_slice(data);
        self.buffer.clear();
        let keep = sanitize(&input, true, &mut self.buffer);
        self.carry = input[input.len() - keep..].to_vec();
        self.inner.write_all(&self.buffer)?;
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.carry.is_empty() {
            let carry = std::mem::take(&mut self.carry);
            self.buffer.clear();
            sanitize(&carry, false, &mut self.buffer);
            self.inner.write_all(&self.buffer)?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_newlines_and_tabs_pass_everything_else_is_escaped() {
        assert_eq!(
            safe("\x1b[1;31mred\x1b[0m\tok\n"),
            "\x1b[1;31mred\x1b[0m\tok\n"
        );
        assert_eq!(safe("a\x1b]0;pwned\x07b"), "a\\u{1b}]0;pwned\\u{7}b");
        assert_eq!(safe("clear\x1b[2J"), "clear\\u{1b}[2J");
        assert_eq!(safe("hide\rme\x7f"), "hide\\u{d}me\\u{7f}");
        assert_eq!(safe("c1 \u{9b}31m"), "c1 \\u{9b}31m");
        assert_eq!(safe("한글 é"), "한글 é");
    }

    #[test]
    fn sequences_split_across_writes_are_carried() {
        let mut out = Safe::new(Vec::new());
        for piece in [&b"a\x1b"[..], b"[3", b"1mb\xc2", b"\x9b", b"\x1b", b"]0;x"] {
            out.write_all(piece).unwrap();
        }
        out.flush().unwrap();
        assert_eq!(
            String::from_utf8(out.inner).unwrap(),
            "a\x1b[31mb\\u{9b}\\u{1b}]0;x"
        );
    }
}
