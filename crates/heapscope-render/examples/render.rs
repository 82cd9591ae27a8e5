//! Renders a recorded trace: `cargo run -p heapscope-render --example render -- prog.hstrace
//! OUT_DIR [STEP...] [--heap] [--dark] [--faded]` writes `OUT_DIR/prog.html`, and for
//! each STEP (default: the last) `step-N.svg`, `step-N.png` and `step-N.txt`.

use std::path::PathBuf;

use heapscope_render::{
    export_html, paint_png, paint_svg, paint_text, ExitedFrames, Pointers, RenderOptions,
    StableLayout, Theme,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flags: Vec<&str> = args
        .iter()
        .filter(|a| a.starts_with("--"))
        .map(String::as_str)
        .collect();
    let pos: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let (Some(input), Some(out)) = (pos.first(), pos.get(1)) else {
        eprintln!(
            "usage: render TRACE OUT_DIR [STEP...] [--heap] [--dark] [--faded] [--text-pointers]"
        );
        std::process::exit(2);
    };
    let trace = heapscope_trace::read_trace(std::path::Path::new(input.as_str()))?;
    let opts = RenderOptions {
        heap_primitives: flags.contains(&"--heap"),
        theme: if flags.contains(&"--dark") {
            Theme::Dark
        } else {
            Theme::Light
        },
        exited_frames: if flags.contains(&"--faded") {
            ExitedFrames::Faded
        } else {
            ExitedFrames::Hidden
        },
        pointers: if flags.contains(&"--text-pointers") {
            Pointers::Text
        } else {
            Pointers::Arrows
        },
        ..Default::default()
    };
    let out = PathBuf::from(out.as_str());
    std::fs::create_dir_all(&out)?;
    let stem = std::path::Path::new(input.as_str())
        .file_stem()
        .map_or("trace".into(), |s| s.to_string_lossy().into_owned());
    let html = export_html(&trace, &opts)?;
    std::fs::write(out.join(format!("{stem}.html")), &html)?;
    let mut steps: Vec<u64> = pos[2..].iter().filter_map(|s| s.parse().ok()).collect();
    if steps.is_empty() {
        steps.push(trace.len());
    }
    let stable = StableLayout::new(&trace, &opts)?;
    for step in steps {
        let scene = stable.scene(step)?;
        std::fs::write(out.join(format!("step-{step}.svg")), paint_svg(&scene))?;
        std::fs::write(
            out.join(format!("step-{step}.png")),
            paint_png(&scene, 2.0)?,
        )?;
        std::fs::write(
            out.join(format!("step-{step}.txt")),
            paint_text(&scene, false),
        )?;
    }
    println!("{} steps; html {} bytes", trace.len(), html.len());
    Ok(())
}
