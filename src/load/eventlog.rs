//! The event log of a workload simulation, as CSV for process-mining
//! tools (`PM4Py`, Disco, Celonis): one row per activity that ended, with
//! its case, its times and who did it.
//!
//! Columns: `case_id,activity,kind,enabled,start,end,role,resource,outcome`.
//! Times are ISO 8601 without offset (`2024-03-04T08:15:00`), in German
//! civil time. Rows are written when their activity ends, so they are in
//! order of `end`; tools sort by time anyway. The columns are described in
//! `docs/load.md`.

use std::io::{self, BufWriter, Write};

use crate::load::clock::{DAY, Days, day_of};

/// The header line.
pub const HEADER: &str = "case_id,activity,kind,enabled,start,end,role,resource,outcome";

/// What a row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowKind {
    /// An automatic step, passed at once.
    Automatic,
    /// The work of a task: `enabled` when the case entered the task,
    /// `start` when a person began, `end` when they finished.
    Task,
    /// A wait, from entering it to the answer (or to leaving it).
    Wait,
    /// A deadline that expired.
    Deadline,
    /// The end of the case; the outcome is the case's.
    End,
}

impl RowKind {
    fn name(self) -> &'static str {
        match self {
            RowKind::Automatic => "automatic",
            RowKind::Task => "task",
            RowKind::Wait => "wait",
            RowKind::Deadline => "deadline",
            RowKind::End => "end",
        }
    }
}

/// One row. `person` is numbered from 0 and written from 1.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row<'a> {
    pub case: u64,
    pub activity: &'a str,
    pub kind: RowKind,
    pub enabled: u64,
    pub start: u64,
    pub end: u64,
    pub role: &'a str,
    pub person: Option<u32>,
    pub outcome: &'a str,
}

/// Writes rows, keeping the first write error to report at the end, so
/// that the simulation need not stop on every row.
pub(crate) struct EventLog<'w> {
    out: BufWriter<&'w mut dyn Write>,
    error: Option<io::Error>,
    /// `YYYY-MM-DD` per simulated day.
    dates: Vec<[u8; 10]>,
    line: Vec<u8>,
}

impl<'w> EventLog<'w> {
    pub fn new(out: &'w mut dyn Write) -> EventLog<'w> {
        let mut log = EventLog {
            out: BufWriter::with_capacity(1 << 16, out),
            error: None,
            dates: Vec::new(),
            line: Vec::with_capacity(160),
        };
        let header = format!("{HEADER}\n");
        log.emit(header.as_bytes());
        log
    }

    fn emit(&mut self, bytes: &[u8]) {
        if self.error.is_none()
            && let Err(error) = self.out.write_all(bytes)
        {
            self.error = Some(error);
        }
    }

    pub fn write(&mut self, row: &Row<'_>, days: &mut Days) {
        if self.error.is_some() {
            return;
        }
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        number(&mut line, row.case);
        line.push(b',');
        field(&mut line, row.activity);
        line.push(b',');
        line.extend_from_slice(row.kind.name().as_bytes());
        for t in [row.enabled, row.start, row.end] {
            line.push(b',');
            self.timestamp(&mut line, t, days);
        }
        line.push(b',');
        field(&mut line, row.role);
        line.push(b',');
        if let Some(person) = row.person {
            field(&mut line, row.role);
            line.push(b'-');
            number(&mut line, u64::from(person) + 1);
        }
        line.push(b',');
        field(&mut line, row.outcome);
        line.push(b'\n');
        self.emit(&line);
        self.line = line;
    }

    fn timestamp(&mut self, line: &mut Vec<u8>, t: u64, days: &mut Days) {
        let day = day_of(t);
        while self.dates.len() <= day {
            let date = days.date(self.dates.len());
            let mut text = [b'0'; 10];
            let written = format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day());
            text.copy_from_slice(&written.as_bytes()[..10]);
            self.dates.push(text);
        }
        line.extend_from_slice(&self.dates[day]);
        let second = t % DAY;
        let clock = [
            b'T',
            digit(second / 36_000),
            digit(second / 3600 % 10),
            b':',
            digit(second % 3600 / 600),
            digit(second % 3600 / 60 % 10),
            b':',
            digit(second % 60 / 10),
            digit(second % 10),
        ];
        line.extend_from_slice(&clock);
    }

    pub fn finish(mut self) -> io::Result<()> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        self.out.flush()
    }
}

/// Writes a number in decimal, without building a string for it.
fn number(line: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0_u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = digit(n);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    line.extend_from_slice(&digits[at..]);
}

fn digit(n: u64) -> u8 {
    b'0' + u8::try_from(n % 10).unwrap_or(0)
}

/// A CSV field, quoted when it holds a comma, quote or line break.
fn field(line: &mut Vec<u8>, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        line.push(b'"');
        for byte in text.bytes() {
            if byte == b'"' {
                line.push(b'"');
            }
            line.push(byte);
        }
        line.push(b'"');
    } else {
        line.extend_from_slice(text.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_in_decimal() {
        let mut line = Vec::new();
        for n in [0, 7, 10, 1_234_567, u64::MAX] {
            number(&mut line, n);
            line.push(b' ');
        }
        assert_eq!(
            String::from_utf8(line).unwrap(),
            "0 7 10 1234567 18446744073709551615 "
        );
    }
}
