//! What the benchmarks share: wrk with a Lua hook that checks every answer, and a signed-in
//! fetch.

use anyhow::{Context, bail, ensure};
use axum::Router;
use axum::http::header;
use axum::routing::get;

/// What wrk's Lua hooks do: count answers that are right (status, length, marker) and wrong,
/// across threads, and print the figures in one line.
pub const SCRIPT: &str = r#"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  want_len = tonumber(args[1])
  marker = args[2]
  cookies = {}
  if args[3] ~= nil and args[3] ~= "" then
    for line in io.lines(args[3]) do table.insert(cookies, line) end
  end
  next_cookie = 0
  good = 0
  bad = 0
end
function request()
  if #cookies > 0 then
    next_cookie = next_cookie % #cookies + 1
    wrk.headers["Cookie"] = cookies[next_cookie]
  end
  return wrk.format(nil)
end
function response(status, headers, body)
  if status == 200 and #body >= want_len and string.find(body, marker, 1, true) then
    good = good + 1
  else
    bad = bad + 1
  end
end
function done(summary, latency, requests)
  local g, b = 0, 0
  for _, t in ipairs(threads) do g = g + t:get("good"); b = b + t:get("bad") end
  io.write(string.format("CHECK good=%d bad=%d\n", g, b))
  io.write(string.format("RESULT rps=%.1f p50=%.3f p99=%.3f\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"#;

pub struct Figures {
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub good: u64,
}

pub fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub async fn wrk(
    script: &std::path::Path,
    url: &str,
    want_len: usize,
    marker: &str,
    cookies: Option<&std::path::Path>,
) -> anyhow::Result<Figures> {
    let secs = env_u64("CIVICLINK_BENCH_SECS", 10);
    let conns = env_u64("CIVICLINK_BENCH_CONNECTIONS", 16);
    let out = tokio::process::Command::new("wrk")
        .arg("-t1")
        .arg(format!("-c{conns}"))
        .arg(format!("-d{secs}s"))
        .arg("--timeout")
        .arg("10s")
        .arg("-s")
        .arg(script)
        .arg(url)
        .arg("--")
        .arg(want_len.to_string())
        .arg(marker)
        .arg(cookies.map(|p| p.display().to_string()).unwrap_or_default())
        .output()
        .await
        .context("run wrk (apt-get install wrk)")?;
    let text = String::from_utf8_lossy(&out.stdout);
    ensure!(out.status.success(), "wrk failed: {text}");
    let field = |line: &str, key: &str| -> Option<f64> {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(key))
            .and_then(|v| v.parse().ok())
    };
    let check = text
        .lines()
        .find(|l| l.starts_with("CHECK"))
        .context("no CHECK line")?;
    let result = text
        .lines()
        .find(|l| l.starts_with("RESULT"))
        .context("no RESULT line")?;
    let good = field(check, "good=").context("good")? as u64;
    let bad = field(check, "bad=").context("bad")? as u64;
    ensure!(
        bad == 0 && good > 0,
        "{url}: {bad} wrong answers, {good} right"
    );
    if text.contains("Socket errors") {
        bail!("{url}: socket errors: {text}");
    }
    Ok(Figures {
        rps: field(result, "rps=").context("rps")?,
        p50_ms: field(result, "p50=").context("p50")?,
        p99_ms: field(result, "p99=").context("p99")?,
        good,
    })
}

pub async fn fetch(cookie: &str, url: &str) -> anyhow::Result<reqwest::Response> {
    Ok(reqwest::Client::new()
        .get(url)
        .header(header::COOKIE, cookie)
        .send()
        .await?)
}

/// A bare axum router serving each of `bodies` (content type and bytes) from memory at `/{i}`,
/// nothing else: the baseline a page is measured against. Its base address.
pub async fn bare_server(bodies: &[(String, axum::body::Bytes)]) -> anyhow::Result<String> {
    let mut bare = Router::new();
    for (i, (content_type, body)) in bodies.iter().enumerate() {
        let (ct, b) = (content_type.clone(), body.clone());
        bare = bare.route(
            &format!("/{i}"),
            get(move || {
                let (ct, b) = (ct.clone(), b.clone());
                async move { ([(header::CONTENT_TYPE, ct)], b) }
            }),
        );
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, bare).await });
    Ok(base)
}
