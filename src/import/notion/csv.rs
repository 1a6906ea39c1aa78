//! IMPORT (Notion): a database's CSV (RFC 4180 as Notion writes it: a byte-order mark, a header
//! row, quoted cells that may hold commas, quotes and line breaks) as rows of cells. A broken
//! file — a quote never closed, text after a closing quote, a row with more or fewer cells than
//! the header — is an error naming the line. Small enough not to need a crate. Pure.

/// The header and the rows, each with the line it starts on.
#[derive(Debug)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// `Err((line, message))`.
pub fn parse(text: &str) -> Result<Table, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records: Vec<(usize, Vec<String>)> = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        let start = line;
        let mut record = Vec::new();
        let mut cell = String::new();
        loop {
            match chars.next() {
                None => {
                    record.push(std::mem::take(&mut cell));
                    break;
                }
                Some('"') if cell.is_empty() => {
                    let opened = line;
                    loop {
                        match chars.next() {
                            None => return Err((opened, "a quoted cell is never closed".into())),
                            Some('"') if chars.peek() == Some(&'"') => {
                                chars.next();
                                cell.push('"');
                            }
                            Some('"') => break,
                            Some(c) => {
                                if c == '\n' {
                                    line += 1;
                                }
                                cell.push(c);
                            }
                        }
                    }
                    match chars.peek() {
                        None | Some(',' | '\n' | '\r') => {}
                        Some(_) => return Err((line, "text after a closing quote".into())),
                    }
                }
                Some(',') => record.push(std::mem::take(&mut cell)),
                Some('\r') if chars.peek() == Some(&'\n') => {}
                Some('\n') => {
                    line += 1;
                    record.push(std::mem::take(&mut cell));
                    break;
                }
                Some(c) => cell.push(c),
            }
        }
        if !(record.len() == 1 && record[0].is_empty()) {
            records.push((start, record));
        }
    }
    let mut records = records.into_iter();
    let (_, header) = records.next().ok_or((1, "empty: no header row".to_owned()))?;
    let rows: Vec<(usize, Vec<String>)> = records.collect();
    if let Some((at, row)) = rows.iter().find(|(_, r)| r.len() != header.len()) {
        return Err((*at, format!("this row has {} cells, the header {}", row.len(), header.len())));
    }
    Ok(Table { header, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_cells_and_broken_files() {
        let t = parse("\u{feff}Name,Tags\r\n\"a, \"\"b\"\"\",\"x\ny\"\nc,\n").unwrap();
        assert_eq!(t.header, ["Name", "Tags"]);
        assert_eq!(
            t.rows,
            [(2, vec!["a, \"b\"".to_owned(), "x\ny".to_owned()]), (4, vec!["c".to_owned(), String::new()])]
        );
        assert_eq!(parse("a,b\n\"x,y\n").unwrap_err().0, 2);
        assert_eq!(parse("a,b\n1,2\n3\n").unwrap_err(), (3, "this row has 1 cells, the header 2".into()));
        assert!(parse("a\n\"x\"y\n").is_err());
    }
}
