//! `heapscope serve`: the web app on a local port (see `heapscope_server`).

use std::process::ExitCode;

use anyhow::Context;

use crate::args::ServeArgs;

pub fn run(a: ServeArgs) -> anyhow::Result<ExitCode> {
    // Logs on stderr, `RUST_LOG` to choose (info by default): what ran, how long, how it
    // ended, never the program's text or input.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
    anyhow::ensure!(
        a.max_wait.is_finite() && a.max_wait >= 0.0,
        "--max-wait must be a number of seconds"
    );
    let mut config = heapscope_server::ServerConfig {
        host: a.host.clone(),
        port: a.port,
        max_queue: a.max_queue,
        max_wait_secs: a.max_wait,
        sandbox: a.sandbox,
        max_steps: a.max_steps,
        timeout_secs: a.timeout,
        worker: crate::input::worker(a.python.as_deref())?,
        ..Default::default()
    };
    anyhow::ensure!(a.cache_mb >= 3, "--cache-mb must be at least 3");
    config.cache_trace_bytes = (a.cache_mb << 20) / 3 * 2;
    config.cache_view_bytes = (a.cache_mb << 20) / 3;
    if let Some(n) = a.workers {
        anyhow::ensure!(n > 0, "--workers must be at least 1");
        config.workers = n;
    }
    // --open: the program goes in the link's fragment, and is traced before the browser asks.
    let opened = match &a.open {
        Some(p) => Some(
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?,
        ),
        None => None,
    };
    let workers = config.workers;
    let sandbox = config.sandbox;
    let (max_queue, max_wait) = (config.max_queue, config.max_wait_secs);
    heapscope_server::serve(config, |url, state| {
        let link = match &opened {
            Some(code) => format!("{url}{}", heapscope_server::share_fragment(code, "")),
            None => url.to_string(),
        };
        println!(
            "heapscope: serving on {url} ({workers} workers, up to {max_queue} waiting at most {max_wait} s, sandbox {sandbox}); Ctrl+C stops"
        );
        if let Some(code) = opened.clone() {
            state.warm(code, String::new());
            println!("heapscope: {link}");
            if std::process::Command::new("xdg-open")
                .arg(&link)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .is_err()
            {
                println!("heapscope: open the link above in a browser");
            }
        }
    })?;
    println!("heapscope: stopped");
    Ok(ExitCode::SUCCESS)
}
