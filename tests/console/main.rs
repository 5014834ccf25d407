//! The console and the admin API it reads: the journal's exchanges, filters, count and reset;
//! overrides and faults over real sockets; and the console itself in a real headless Chromium
//! driven through WebDriver, in mock mode and in the validation proxy's mode (skipped loudly when Chromium is missing, unless
//! `FAVORITE_CONTRACT_REQUIRE_CHROMIUM` is set, as CI sets it).
#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]
#![allow(missing_docs, unreachable_pub, reason = "test code")]

mod api;
mod browser;
mod faults;
mod pages;
mod proxy;
#[allow(
    dead_code,
    reason = "shared with the contract tests; not every helper is used here"
)]
#[path = "../contract/support/mod.rs"]
mod support;
