//! PARSE (part of `math`): how deeply one formula nests, measured in one linear pass before the
//! formula reaches pulldown-latex.
//!
//! pulldown-latex scans a group to its end once for every group around it, so its time grows
//! with length × depth (16,000 nested `\frac{` took 10.7 s, 32,000 braces 19 s); and it follows
//! a command whose argument is another bare command by recursion, so `\frac\frac\frac…` 2,000
//! deep overflows a 2 MiB thread stack and aborts the whole build. Capping the depth keeps both
//! linear and bounded. This module only measures: it renders nothing and reports nothing.

/// How deep a formula may nest before it is shown as source instead of rendered. Real formulas
/// stay under ~10; pulldown-latex's recursion at 100 levels is ~150 KiB of stack in a release
/// build (2 MiB threads) and ~1.5 MiB in a debug build.
pub const MAX_DEPTH: usize = 100;

/// What the stack holds: the arguments a command still waits for (1..=6), or an open group.
const BRACE: u8 = 0x80;
const OPTIONAL: u8 = 0x81;
const LEFT: u8 = 0x82;
const ENV: u8 = 0x83;

/// Whether `tex` nests deeper than `max` levels anywhere. Levels are open groups (`{…}`,
/// `\left…\right`, `\begin…\end`, optional arguments `[…]`) plus, inside the innermost group,
/// commands still waiting for an argument (`\frac\frac` is two): what pulldown-latex holds
/// open at that point. Stops at the first place past `max`, so the work is linear in the
/// text and the memory in `max`.
pub fn exceeds(tex: &str, max: usize) -> bool {
    let mut s = Scan { stack: Vec::new(), open: [0; 4], optional_may_follow: false };
    let mut chars = tex.char_indices().peekable();
    // The token after `\left`, `\right`, `\bigl`… is a delimiter, not an argument or a group.
    let mut delimiter_next = false;
    while let Some((_, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if std::mem::take(&mut delimiter_next) {
            // Skipped: its command already counted. `\langle`, `\{` are one control sequence.
            if c == '\\' && chars.next().is_some_and(|(_, c)| c.is_ascii_alphabetic()) {
                while chars.next_if(|(_, c)| c.is_ascii_alphabetic()).is_some() {}
            }
            continue;
        }
        let optional_may_follow = std::mem::take(&mut s.optional_may_follow);
        match c {
            // A comment runs to the end of the line; pulldown-latex skips braces in it too.
            '%' => while chars.next_if(|(_, c)| *c != '\n').is_some() {},
            '{' => s.push(BRACE),
            '}' => s.close(BRACE),
            '[' if optional_may_follow || s.open[kind(OPTIONAL)] > 0 => s.push(OPTIONAL),
            ']' if s.open[kind(OPTIONAL)] > 0 => s.close(OPTIONAL),
            '\\' => {
                let Some((start, first)) = chars.next() else { break };
                if !first.is_ascii_alphabetic() {
                    // A control symbol (`\{`, `\,`, `\\`): no argument, never a group.
                    s.token();
                    s.optional_may_follow = first == '\\';
                    continue;
                }
                let mut end = start + 1;
                while let Some((j, _)) = chars.next_if(|(_, c)| c.is_ascii_alphabetic()) {
                    end = j + 1;
                }
                delimiter_next = s.command(&tex[start..end]);
            }
            _ => s.token(),
        }
        if s.stack.len() > max {
            return true;
        }
    }
    false
}

struct Scan {
    stack: Vec<u8>,
    /// Open groups of each kind ([`kind`]): a closer with none of its kind open is text.
    open: [usize; 4],
    /// The previous token could take an optional argument (`\sqrt[3]`, `\\[2pt]`,
    /// `\begin{matrix*}[r]`).
    optional_may_follow: bool,
}

impl Scan {
    fn push(&mut self, group: u8) {
        self.open[kind(group)] += 1;
        self.stack.push(group);
    }

    /// Closes the innermost group of this kind (and any other kind left open inside it); the
    /// group is then one token of whatever command waited for it.
    fn close(&mut self, group: u8) {
        if self.open[kind(group)] == 0 {
            self.token();
            return;
        }
        while let Some(top) = self.stack.pop() {
            if top >= BRACE {
                self.open[kind(top)] -= 1;
                if top == group {
                    break;
                }
            }
        }
        // An optional argument is not one of the command's counted arguments.
        if group != OPTIONAL {
            self.token();
        }
        self.optional_may_follow = true;
    }

    /// A character, a closed group or a command without arguments: the argument of the command
    /// waiting, if one is.
    fn token(&mut self) {
        if let Some(top) = self.stack.last_mut().filter(|t| **t < BRACE) {
            *top -= 1;
        }
        while self.stack.last() == Some(&0) {
            self.stack.pop();
        }
    }

    /// A control word; returns whether a delimiter follows it.
    fn command(&mut self, name: &str) -> bool {
        match name {
            "left" => self.push(LEFT),
            "right" => self.close(LEFT),
            "middle" => {}
            // `\bigl(` is one token, like a character.
            _ if is_sized_delimiter(name) => self.token(),
            "end" => {
                // The environment was the token; its name is the one argument left to read.
                self.close(ENV);
                self.stack.push(1);
                return false;
            }
            _ => {
                if name == "begin" {
                    self.push(ENV);
                }
                // Taken as the argument of the command waiting, if any, it stays on the stack
                // until its own arguments are read: that is pulldown-latex's recursion.
                if let Some(top) = self.stack.last_mut().filter(|t| **t < BRACE) {
                    *top -= 1;
                }
                self.stack.push(arity(name));
                self.optional_may_follow = true;
                return false;
            }
        }
        true
    }
}

fn kind(group: u8) -> usize {
    usize::from(group - BRACE)
}

/// `\big(`, `\Biggl[`…: a size and a delimiter.
fn is_sized_delimiter(name: &str) -> bool {
    let base = name.strip_suffix(['l', 'r', 'm']).unwrap_or(name);
    matches!(base, "big" | "Big" | "bigg" | "Bigg")
}

/// Arguments a command reads. Commands not listed count as one: too many only makes a run of
/// bare commands (`\alpha\beta`) count as deeper than it is, too few would let a chain through.
fn arity(name: &str) -> u8 {
    match name {
        "frac" | "dfrac" | "tfrac" | "cfrac" | "binom" | "dbinom" | "tbinom" | "overset" | "underset" | "stackrel"
        | "textcolor" | "colorbox" => 2,
        "fcolorbox" | "sideset" => 3,
        "genfrac" => 6,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(tex: &str) -> usize {
        (0..=200).find(|&max| !exceeds(tex, max)).unwrap_or(usize::MAX)
    }

    #[test]
    fn ordinary_formulas_are_shallow() {
        for tex in [
            r"e^{i\pi} + 1 = 0",
            r"\frac{1}{2}",
            r"\sqrt[3]{\frac{a}{b}}",
            r"\left[ 0, 1 \right) \cup \left\{ x \right\}",
            r"\begin{pmatrix} a & b \\[2pt] c & d \end{pmatrix}",
            r"\sum_{i=1}^{n} \alpha_i x^{2^{k}}",
            r"x \in [0, 1) \cup [2, 3)",
            r"\bigl[ x \bigr] \{ \} % a comment with {{{",
        ] {
            assert!(depth(tex) <= 6, "{tex}: {}", depth(tex));
        }
    }

    #[test]
    fn every_kind_of_nesting_counts() {
        let n = 150;
        for tex in [
            format!("{}x{}", "{".repeat(n), "}".repeat(n)),
            format!("{}1{}", r"\frac{".repeat(n), "}{1}".repeat(n)),
            format!("{}x", r"\frac".repeat(n)),
            format!("{}1 1", r"\frac1".repeat(n)),
            format!("{}x", r"\sqrt".repeat(n)),
            format!("{}x{}", r"\sqrt[".repeat(n), "]x".repeat(n)),
            format!("{}x{}", r"\left(".repeat(n), r"\right)".repeat(n)),
            format!("{}x{}", r"\begin{matrix}".repeat(n), r"\end{matrix}".repeat(n)),
            "{".repeat(n),
        ] {
            assert!(exceeds(&tex, MAX_DEPTH), "{}…", &tex[..40]);
            assert!(depth(&tex) >= n, "{}…", &tex[..40]);
        }
    }

    #[test]
    fn siblings_do_not_add_up() {
        let tex = format!("{}{}", r"{\frac{a}{b}}".repeat(5_000), r"\left( x \right)".repeat(5_000));
        assert!(depth(&tex) <= 3, "{}", depth(&tex));
        assert!(depth(&"}".repeat(1_000)) == 0 && depth(&r"\right)\end{x}]".repeat(100)) <= 2);
    }
}
