//! Mutations for the fuzzer: byte flips, spans inserted, deleted, duplicated and spliced from
//! another seed, tokens of the formats hoego reads (a dictionary), runs of one token and
//! nesting built around a span. Deterministic for a given [`Rng`].

/// wyrand: small, fast, and the same numbers on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0xa076_1d64_78bd_642f);
        let t = u128::from(self.0) * u128::from(self.0 ^ 0xe703_7ed1_a0b4_28db);
        ((t >> 64) as u64) ^ (t as u64)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next_u64() % n as u64) as usize }
    }

    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// 1..=max, small numbers as likely as large orders of magnitude.
    pub fn log_count(&mut self, max: usize) -> usize {
        let bits = usize::BITS - max.leading_zeros();
        let cap = 1usize << self.below(bits as usize + 1);
        1 + self.below(cap.min(max))
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Tokens of the formats hoego reads, and text that has broken parsers before.
#[rustfmt::skip] // a few tokens a line; one a line would be 250 lines
pub const DICTIONARY: &[&str] = &[
    "---\n", "+++\n", "...\n", "---", "+++", "\n", "\r\n", "\r", "\t", " ", "    ", "$", "$$", "$$\n",
    "{{<", ">}}", "{{%", "%}}", "{{< /", "{%", "%}", "{{", "}}", "{% raw %}", "{% endraw %}",
    "{% highlight rust %}", "{% endhighlight %}", "{% post_url 2020-01-01-a %}", "{% include x.html %}",
    "{{< youtube abc >}}", "{{< figure src=\"a.png\" >}}", "{{< ref \"a.md\" >}}", "{{< highlight go >}}",
    "[[", "]]", "![[", "[[a|b]]", "[[a#b^c]]", "{:", "{: .c #i k=\"v\"}", "{::}", "<script>", "</script>", "</",
    "<!-- more -->", "<!--", "-->", "<div>", "</div>", "<a href=\"", "\">", "<img src=", "&amp;", "&#x",
    "&#0;", "\\frac{", "\\frac", "}{", "\\left(", "\\right)", "\\begin{matrix}", "\\end{matrix}", "\\sqrt[",
    "\\\\", "\\", "&", "|", "|---|", ":::", ":::note", "```", "```rust\n", "~~~", "~~~~\n", "`", "*", "**",
    "_", "~~", "#", "## ", "###### ", "> ", "- ", "* ", "1. ", "9999999999. ", "- [ ] ", "- [x] ", "[^1]",
    "[^1]: ", "[", "]", "(", ")", "](", "![](", "[x]: /u \"t\"", "<http://a>", "{#id}", "{", "}", "\"", "'",
    "=", ":", ": ", "title: ", "date: ", "tags: [", "categories: ", "slug: ", "draft: true",
    "math: true", "aliases: [", "series: ", "cover: ", "description: ", "lang: ", "&a ", "*a", "<<: *a",
    "!!binary ", "? ", "|\n", ">-\n", "title = ", "date = ", "[markdown]\n", "[[menu]]\n", "[feeds]\n",
    "[links]\n", "base_url = ", "paginate = ", "timezone = ", "permalink = ", "language = ", "{year}",
    "{slug}", "2023-02-29", "9999-12-31", "0000-01-01", "1970-01-01T00:00:00Z", "24:60:61", "+14:00",
    "-0", "0", "1e308", "-1", "NaN", "inf", "18446744073709551616", "9223372036854775807", "0x7f", "null",
    "~", "true", "한글", "회고", "가\u{0301}", "\u{1100}\u{1161}\u{11a8}", "\u{1112}\u{1161}\u{11ab}",
    "\u{0}", "\u{1b}[31m", "\u{7f}", "\u{85}", "\u{2028}", "\u{2029}", "\u{feff}", "\u{200b}",
    "\u{200d}", "\u{202e}", "\u{fffd}", "\u{10ffff}", "\u{1f600}", "\u{e9}", "e\u{301}", "ﬁ", "İ", "ß",
];

/// Openers and closers to nest a span in.
const PAIRS: &[(&str, &str)] = &[
    ("{", "}"),
    ("\\frac{", "}{1}"),
    ("\\left(", "\\right)"),
    ("\\begin{matrix}", "\\end{matrix}"),
    ("[", "]"),
    ("(", ")"),
    ("[", "](x)"),
    ("> ", ""),
    ("- ", ""),
    ("  ", ""),
    ("*", "*"),
    ("<div>", "</div>"),
    ("<b>", "</b>"),
    ("{{< a >}}", "{{< /a >}}"),
    ("{% if x %}", "{% endif %}"),
    ("{% raw %}", "{% endraw %}"),
    ("a: [", "]"),
    ("a = [", "]"),
    ("{a: ", "}"),
    ("[[", "]]"),
];

/// Bytes parsers treat specially.
const BYTES: &[u8] = b"\0\n\r\t {}[]()<>$\\\"'`*_#|-+:=&%!~\x1b\x7f\x80\xbf\xc3\xe0\xed\xf0\xf4\xff";

#[rustfmt::skip]
const NUMBERS: &[&str] = &[
    "0", "-1", "1", "99999999999999999999999", "18446744073709551615", "4294967296", "-9223372036854775808",
    "1e309", "0.0000001", "00", "9999", "10000", "13", "32", "60", "366", "02", "1_000",
];

/// Mutates `input` one to a few dozen times and cuts it to `max_len`.
pub fn mutate(input: &mut Vec<u8>, rng: &mut Rng, seeds: &[Vec<u8>], extra: &[&str], max_len: usize) {
    let rounds = if rng.one_in(8) { 1 + rng.below(32) } else { 1 + rng.below(5) };
    for _ in 0..rounds {
        once(input, rng, seeds, extra);
        if input.len() > max_len * 2 {
            break;
        }
    }
    input.truncate(max_len);
}

fn once(input: &mut Vec<u8>, rng: &mut Rng, seeds: &[Vec<u8>], extra: &[&str]) {
    let len = input.len();
    match rng.below(14) {
        0 if len > 0 => {
            let i = rng.below(len);
            input[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            input[i] = *rng.pick(BYTES);
        }
        2..=4 => {
            let token = token(rng, extra);
            let at = place(input, rng);
            input.splice(at..at, token.bytes());
        }
        5 if len > 0 => {
            let (a, b) = span(input, rng);
            input.drain(a..b);
        }
        6 if len > 0 => {
            let (a, b) = span(input, rng);
            let copy = input[a..b].to_vec();
            let times = rng.log_count(64);
            let at = if rng.one_in(2) { b } else { place(input, rng) };
            input.splice(at..at, copy.iter().copied().cycle().take(copy.len() * times));
        }
        7 => {
            let token = token(rng, extra);
            let times = rng.log_count(20_000);
            let at = place(input, rng);
            input.splice(at..at, token.bytes().cycle().take(token.len() * times));
        }
        8 if !seeds.is_empty() => {
            let other = rng.pick(seeds);
            if other.is_empty() {
                return;
            }
            let (a, b) = span(other, rng);
            let at = place(input, rng);
            let end = if rng.one_in(2) { at } else { (at + rng.below(len - at + 1)).min(len) };
            input.splice(at..end, other[a..b].iter().copied());
        }
        9 => {
            let at = place(input, rng);
            let n = 1 + rng.below(8);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
            input.splice(at..at, bytes);
        }
        10 => {
            // A number where digits were, or anywhere.
            let at = input.iter().position(|b| b.is_ascii_digit()).map_or(place(input, rng), |first| {
                let skip = rng.below(len - first);
                (first + skip..len).find(|&i| input[i].is_ascii_digit()).unwrap_or(first)
            });
            let end = (at..input.len()).find(|&i| !input[i].is_ascii_digit()).unwrap_or(input.len());
            input.splice(at..end, rng.pick(NUMBERS).bytes());
        }
        11 if len > 0 => {
            // A whole line again, elsewhere.
            let a = line_start(input, rng.below(len));
            let b = input[a..].iter().position(|&c| c == b'\n').map_or(len, |i| a + i + 1);
            let line = input[a..b].to_vec();
            let at = line_start(input, rng.below(len));
            input.splice(at..at, line);
        }
        12 if len > 0 => {
            input.truncate(rng.below(len));
        }
        13 => {
            // Nesting: openers before a span, closers after it (sometimes the closers are lost).
            let (open, close) = *rng.pick(PAIRS);
            let times = rng.log_count(5_000);
            let (a, b) = if len > 0 { span(input, rng) } else { (0, 0) };
            if !rng.one_in(4) {
                input.splice(b..b, close.bytes().cycle().take(close.len() * times));
            }
            input.splice(a..a, open.bytes().cycle().take(open.len() * times));
        }
        _ => {
            let at = place(input, rng);
            input.insert(at, *rng.pick(BYTES));
        }
    }
}

fn token<'a>(rng: &mut Rng, extra: &[&'a str]) -> &'a str {
    let list: &[&'a str] = if !extra.is_empty() && rng.one_in(3) { extra } else { DICTIONARY };
    list[rng.below(list.len())]
}

/// A place to insert at: a third of the time the start of a line (fences, headings and keys
/// mean something there).
fn place(input: &[u8], rng: &mut Rng) -> usize {
    let at = rng.below(input.len() + 1);
    if rng.one_in(3) { line_start(input, at) } else { at }
}

fn line_start(input: &[u8], at: usize) -> usize {
    input[..at.min(input.len())].iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1)
}

/// A span of up to a few hundred bytes, sometimes more.
fn span(input: &[u8], rng: &mut Rng) -> (usize, usize) {
    let a = rng.below(input.len());
    let max = if rng.one_in(8) { input.len() - a } else { (input.len() - a).min(256) };
    (a, a + 1 + rng.below(max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_mutants() {
        let seeds = vec![b"---\ntitle: a\n---\nbody $x$\n".to_vec()];
        let make = |seed| {
            let mut rng = Rng::new(seed);
            let mut v = seeds[0].clone();
            mutate(&mut v, &mut rng, &seeds, &[], 1 << 16);
            v
        };
        assert_eq!(make(7), make(7));
        assert!((0..20).map(make).collect::<std::collections::HashSet<_>>().len() > 10);
    }
}
