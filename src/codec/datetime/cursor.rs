//! A tiny cursor over ASCII date text, shared by the three parsers.

use chrono::{Duration, NaiveTime, Timelike};

pub(super) struct Cursor<'a> {
    pub(super) s: &'a [u8],
    pub(super) i: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(s: &'a str) -> Self {
        Cursor {
            s: s.as_bytes(),
            i: 0,
        }
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    pub(super) fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// `c` or its ASCII upper/lower-case twin.
    pub(super) fn eat_ignore_case(&mut self, c: u8) -> bool {
        if self.peek().is_some_and(|p| p.eq_ignore_ascii_case(&c)) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    pub(super) fn done(&self) -> bool {
        self.i == self.s.len()
    }

    /// Exactly `n` digits.
    pub(super) fn digits(&mut self, n: usize) -> Option<u32> {
        let end = self.i + n;
        let slice = self.s.get(self.i..end)?;
        if !slice.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.i = end;
        Some(
            slice
                .iter()
                .fold(0, |acc, d| acc * 10 + u32::from(d - b'0')),
        )
    }

    /// 1..=max digits: the value and how many digits there were.
    pub(super) fn some_digits(&mut self, max: usize) -> Option<(u32, usize)> {
        let start = self.i;
        while self.i < self.s.len() && self.i - start < max && self.s[self.i].is_ascii_digit() {
            self.i += 1;
        }
        let n = self.i - start;
        if n == 0 {
            return None;
        }
        let v = self.s[start..self.i]
            .iter()
            .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
        Some((v, n))
    }

    /// A fraction after the dot: any number of digits, as nanoseconds rounded to 100 ns.
    pub(super) fn fraction(&mut self) -> Option<u32> {
        let start = self.i;
        while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
            self.i += 1;
        }
        if self.i == start {
            return None;
        }
        let digits = &self.s[start..self.i];
        // Nanoseconds from the first 9 digits, rounding on the 10th; ticks rounding follows.
        let mut nanos: u64 = 0;
        for k in 0..9 {
            nanos = nanos * 10 + digits.get(k).map_or(0, |d| u64::from(d - b'0'));
        }
        if digits.get(9).is_some_and(|d| *d >= b'5') {
            nanos += 1;
        }
        u32::try_from(nanos).ok()
    }

    pub(super) fn rest(&self) -> &'a [u8] {
        &self.s[self.i..]
    }

    /// The ASCII letters from the cursor on.
    pub(super) fn word(&mut self) -> &'a str {
        let start = self.i;
        while self.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
            self.i += 1;
        }
        std::str::from_utf8(&self.s[start..self.i]).unwrap_or("")
    }
}

/// A time of day; a fraction that rounds up to a whole second carries over (never past 23:59:59).
pub(super) fn make_time(h: u32, m: u32, s: u32, nanos: u32) -> Option<NaiveTime> {
    if nanos >= 1_000_000_000 {
        return NaiveTime::from_hms_opt(h, m, s)
            .filter(|t| t.num_seconds_from_midnight() < 86_399)
            .map(|t| t + Duration::seconds(1));
    }
    NaiveTime::from_hms_nano_opt(h, m, s, nanos)
}
