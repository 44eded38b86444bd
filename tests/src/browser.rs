//! A headless Chromium driven through ChromeDriver, for tests that use the pages as a person
//! does. In CI (`CI` set to `true`, `1`, …) a missing browser fails the run; elsewhere the test skips with a note.
//!
//! [`Axe`] runs axe-core's WCAG 2.1 A/AA rules in the page the browser shows; it is read from
//! `CIVICLINK_AXE_JS` (installed by `npm ci --prefix tests/browser`, which `scripts/test` runs).

use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::Value;

/// A ChromeDriver process and a browser session on it; both end when this is dropped.
pub struct Browser {
    pub client: Client,
    driver: tokio::process::Child,
}

impl Browser {
    /// Starts ChromeDriver on a free port and opens a headless session.
    pub async fn start() -> Option<Self> {
        Self::launch(None).await
    }

    /// Like [`Browser::start`], with a browser whose preferred language is `lang` ("en", "fr"):
    /// its interface language and the `Accept-Language` it sends ("fr,fr-CA"), from which the
    /// service picks the language of its pages.
    pub async fn start_with_lang(lang: &str) -> Option<Self> {
        Self::launch(Some(lang)).await
    }

    #[allow(clippy::expect_used)]
    async fn launch(lang: Option<&str>) -> Option<Self> {
        let driver_bin = std::env::var("CIVICLINK_CHROMEDRIVER")
            .unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium =
            std::env::var("CIVICLINK_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        if !std::path::Path::new(&driver_bin).exists() || !std::path::Path::new(&chromium).exists()
        {
            assert!(
                !civiclink_store::testing::in_ci(),
                "chromium or chromedriver is missing, and in CI the browser tests must run"
            );
            eprintln!(
                "skipping the browser test: install chromium and chromium-driver (scripts/test does)"
            );
            return None;
        }
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
            l.local_addr().expect("address").port()
        };
        let driver = tokio::process::Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("profile directory").keep();
        let mut options = serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ]
        });
        if let Some(lang) = lang {
            // `--lang` alone sets the interface language; the header the server reads comes
            // from the profile's preference.
            options["args"]
                .as_array_mut()
                .expect("args")
                .push(format!("--lang={lang}").into());
            options["prefs"] =
                serde_json::json!({ "intl.accept_languages": format!("{lang},{lang}-CA") });
        }
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), options);
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = String::new();
        for _ in 0..100 {
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => return Some(Self { client, driver }),
                Err(e) => {
                    last_error = e.to_string();
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
        panic!("cannot open a browser session: {last_error}");
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill().await;
    }
}

/// The WCAG levels the accessibility tests hold every page to: 2.0 and 2.1, A and AA (AODA asks
/// for WCAG 2.0 AA).
pub const WCAG_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// axe-core's source, injected into each page before a run.
pub struct Axe {
    source: String,
}

/// What axe-core found on one page.
#[derive(Debug, Clone)]
pub struct AxeReport {
    pub url: String,
    /// The axe-core version that ran.
    pub version: String,
    /// How many rules passed; never zero when axe really ran.
    pub passes: usize,
    pub violations: Vec<Violation>,
    /// Rules axe could not decide alone (such as contrast over an image), for a person to review.
    pub incomplete: Vec<Violation>,
}

/// A rule and the elements that break it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Violation {
    pub id: String,
    pub impact: Option<String>,
    pub help: String,
    #[serde(rename = "helpUrl")]
    pub help_url: String,
    pub nodes: Vec<ViolationNode>,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct ViolationNode {
    /// CSS selectors of the element (one per frame or shadow root on the way to it).
    pub target: Vec<String>,
    pub html: String,
    #[serde(rename = "failureSummary", default)]
    pub failure_summary: Option<String>,
}

#[derive(serde::Deserialize)]
struct RawReport {
    error: Option<String>,
    #[serde(default)]
    url: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    passes: usize,
    #[serde(default)]
    violations: Vec<Violation>,
    #[serde(default)]
    incomplete: Vec<Violation>,
}

/// Runs axe in the page and slims its result down to what a report needs; the WebDriver
/// callback is the last argument, the tags the first.
const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
const slim = (r) => ({
  id: r.id, impact: r.impact || null, help: r.help, helpUrl: r.helpUrl,
  nodes: r.nodes.map((n) => ({
    target: n.target.map((t) => (Array.isArray(t) ? t.join(" >>> ") : String(t))),
    html: n.html,
    failureSummary: n.failureSummary || null,
  })),
});
if (typeof window.axe === "undefined") {
  done({ error: "axe is not defined in the page after injection" });
} else {
  window.axe
    .run(document, {
      runOnly: { type: "tag", values: arguments[0] },
      resultTypes: ["violations", "incomplete"],
    })
    .then(
      (r) => done({
        url: r.url, version: window.axe.version, passes: r.passes.length,
        violations: r.violations.map(slim), incomplete: r.incomplete.map(slim),
      }),
      (e) => done({ error: String((e && e.stack) || e) }),
    );
}
"#;

impl Axe {
    /// Reads axe-core from `CIVICLINK_AXE_JS`, or from `tests/browser/node_modules` when that is
    /// unset. When the file is missing the test skips, except in CI, where it fails.
    pub fn load() -> Option<Self> {
        let path = std::env::var("CIVICLINK_AXE_JS").unwrap_or_else(|_| {
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/browser/node_modules/axe-core/axe.min.js"
            )
            .into()
        });
        match std::fs::read_to_string(&path) {
            Ok(source) => Some(Self { source }),
            Err(e) => {
                assert!(
                    !civiclink_store::testing::in_ci(),
                    "axe-core is missing ({path}: {e}), and in CI the accessibility tests \
                     must run: run `npm ci --prefix tests/browser` or set CIVICLINK_AXE_JS"
                );
                eprintln!(
                    "skipping the accessibility test: {path}: {e}; run `npm ci --prefix tests/browser` \
                     (scripts/test does)"
                );
                None
            }
        }
    }

    /// Injects axe-core into the current page and runs the [`WCAG_TAGS`] rules on it. The page's
    /// Content-Security-Policy does not apply to scripts injected through WebDriver; an error
    /// here, or a run in which no rule passed, means axe did not really run.
    pub async fn run(&self, client: &Client) -> anyhow::Result<AxeReport> {
        client
            .execute(&self.source, vec![])
            .await
            .map_err(|e| anyhow::anyhow!("cannot inject axe-core: {e}"))?;
        let raw = client
            .execute_async(RUN_AXE, vec![serde_json::json!(WCAG_TAGS)])
            .await
            .map_err(|e| anyhow::anyhow!("cannot run axe-core: {e}"))?;
        let raw: RawReport = serde_json::from_value(raw)?;
        if let Some(error) = raw.error {
            anyhow::bail!("axe-core failed on {}: {error}", raw.url);
        }
        anyhow::ensure!(
            raw.passes > 0,
            "axe-core passed no rule on {}, so it did not really run",
            raw.url
        );
        Ok(AxeReport {
            url: raw.url,
            version: raw.version,
            passes: raw.passes,
            violations: raw.violations,
            incomplete: raw.incomplete,
        })
    }
}

/// Runs axe-core's WCAG 2.1 A/AA rules on the current page and returns the violations.
pub async fn axe(client: &Client, axe: &Axe) -> anyhow::Result<Vec<Violation>> {
    Ok(axe.run(client).await?.violations)
}

/// Marks the current document, presses the button `button` (CSS) with the mouse, and waits for
/// the next document to finish loading (a form re-rendered with errors has the same address).
/// Waiting for an element instead can find it on the old page before the new one arrives.
pub async fn submit(c: &Client, button: &str) -> anyhow::Result<()> {
    c.execute("window.civiclinkOldPage = true; return null;", vec![])
        .await?;
    c.find(Locator::Css(button)).await?.click().await?;
    wait_for_new_page(c).await
}

/// Waits until the document marked by [`submit`] (or by setting `window.civiclinkOldPage`) is
/// replaced by a fully loaded one.
pub async fn wait_for_new_page(c: &Client) -> anyhow::Result<()> {
    for _ in 0..200 {
        // While the old document unloads, scripts can fail; that only means "not yet".
        if let Ok(Value::Bool(true)) = c
            .execute(
                "return !window.civiclinkOldPage && document.readyState === 'complete';",
                vec![],
            )
            .await
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    anyhow::bail!("no new page loaded within 10 s")
}
