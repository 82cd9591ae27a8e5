//! `heapscope serve`: the web app on a local port (see `heapscope_server`).

use std::process::ExitCode;

use anyhow::Context;

use crate::args::ServeArgs;

pub fn run(a: ServeArgs) -> anyhow::Result<ExitCode> {
    let mut config = heapscope_server::ServerConfig {
        host: a.host.clone(),
        port: a.port,
        sandbox: a.sandbox,
        max_steps: a.max_steps,
        timeout_secs: a.timeout,
        worker: crate::input::worker(a.python.as_deref())?,
        ..Default::default()
    };
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
    heapscope_server::serve(config, |url, state| {
        let link = match &opened {
            Some(code) => format!("{url}{}", heapscope_server::share_fragment(code, "")),
            None => url.to_string(),
        };
        println!(
            "heapscope: serving on {url} ({workers} workers, sandbox {sandbox}); Ctrl+C stops"
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
    Ok(ExitCode::SUCCESS)
}
