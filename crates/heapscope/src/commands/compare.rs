//! `heapscope compare`: two programs' memory side by side (a list against a generator, a
//! recursion against a loop).

use std::process::ExitCode;

use heapscope_analysis::Timeline;

use crate::args::CompareArgs;
use crate::commands::memory::{bytes, count, sparkline_scaled};

pub fn run(a: CompareArgs) -> anyhow::Result<ExitCode> {
    let (one, _one_progress) = crate::input::load(&a.first, &a.limits)?;
    let (two, _two_progress) = crate::input::load(&a.second, &a.limits)?;
    let (t1, t2) = (Timeline::of(&one)?, Timeline::of(&two)?);
    let name = |p: &std::path::Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let (n1, n2) = (name(&a.first), name(&a.second));
    let w = n1.len().max(n2.len()).max(12);
    let peak = |t: &Timeline| {
        t.peak()
            .map(|(_, s)| (s.heap_bytes, s.heap_blocks))
            .unwrap_or((0, 0))
    };
    let depth = |t: &Timeline| t.deepest().map(|(_, s)| s.depth).unwrap_or(0);
    let objects = |t: &Timeline| {
        t.steps
            .iter()
            .map(|s| u64::from(s.objects))
            .max()
            .unwrap_or(0)
    };
    let (p1, p2) = (peak(&t1), peak(&t2));
    println!("{:<18} {:>w$}   {:>w$}", "", n1, n2);
    println!(
        "{:<18} {:>w$}   {:>w$}",
        "steps",
        count(one.len()),
        count(two.len())
    );
    println!(
        "{:<18} {:>w$}   {:>w$}",
        "peak heap",
        bytes(p1.0),
        bytes(p2.0)
    );
    println!(
        "{:<18} {:>w$}   {:>w$}",
        "live blocks at peak",
        count(p1.1),
        count(p2.1)
    );
    println!(
        "{:<18} {:>w$}   {:>w$}",
        "most live objects",
        count(objects(&t1)),
        count(objects(&t2))
    );
    println!(
        "{:<18} {:>w$}   {:>w$}",
        "deepest stack",
        count(u64::from(depth(&t1))),
        count(u64::from(depth(&t2)))
    );
    println!(
        "{:<18} {:>w$}   {:>w$}",
        "allocated in all",
        bytes(t1.allocated_bytes),
        bytes(t2.allocated_bytes)
    );
    // One scale for both, so the picture compares them.
    let scale = p1.0.max(p2.0);
    println!("{:<w$}  {}", n1, sparkline_scaled(&t1, 40, scale));
    println!("{:<w$}  {}", n2, sparkline_scaled(&t2, 40, scale));
    let (small, big, sname, bname) = if p1.0 <= p2.0 {
        (p1.0, p2.0, &n1, &n2)
    } else {
        (p2.0, p1.0, &n2, &n1)
    };
    if small > 0 && big / small >= 2 {
        println!(
            "{sname} held {}× less heap at its peak than {bname}.",
            big / small
        );
    } else if small == 0 && big > 0 {
        println!(
            "{sname} held no heap beyond its start; {bname} peaked at {}.",
            bytes(big)
        );
    } else {
        println!("Their peaks are within a factor of two.");
    }
    Ok(ExitCode::SUCCESS)
}
