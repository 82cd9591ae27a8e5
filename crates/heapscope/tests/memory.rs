//! Memory over time, measured: the lecture's claims (a list against a generator, a list
//! that dies with its function) as the `memory` and `compare` reports show them.

mod common;

use common::*;
use heapscope_analysis::Timeline;

fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(d.path().join(name), text).unwrap();
    }
    d
}

const LIST: &str = "squares = [i * i for i in range(1000000)]\ntotal = sum(squares)\n";
const GENERATOR: &str = "total = sum(i * i for i in range(1000000))\n";

#[test]
fn a_million_squares_in_a_list_against_a_generator() {
    let d = dir_with(&[("lists.py", LIST), ("generators.py", GENERATOR)]);
    let limits = ["--max-steps", "10000000", "--timeout", "120"];
    for (prog, check) in [("lists", true), ("generators", false)] {
        let (py, rec) = (format!("{prog}.py"), format!("{prog}.hstrace"));
        let mut args = vec!["trace", py.as_str(), "-o", rec.as_str()];
        args.extend(limits);
        let (code, _, err) = heapscope(&args, d.path());
        assert_eq!(code, 0, "{err}");
        let t = heapscope_trace::read_trace(&d.path().join(&rec)).unwrap();
        let (_, peak) = Timeline::of(&t)
            .unwrap()
            .peak()
            .map(|(s, m)| (s, *m))
            .unwrap();
        if check {
            assert!(
                peak.heap_bytes >= 8_000_000,
                "the list's peak is {} bytes",
                peak.heap_bytes
            );
            assert!(
                peak.heap_blocks >= 999_000,
                "a million ints are a million blocks: {}",
                peak.heap_blocks
            );
        } else {
            assert!(
                peak.heap_bytes < 1_000_000,
                "the generator's peak is {} bytes",
                peak.heap_bytes
            );
        }
    }
    // compare reads the recorded traces (it would trace the programs the same way).
    let (code, out, err) = heapscope(
        &["compare", "lists.hstrace", "generators.hstrace"],
        d.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("generators.hstrace held")
            && out.contains("less heap at its peak than lists.hstrace"),
        "{out}"
    );
    let peak_row = out
        .lines()
        .find(|l| l.starts_with("peak heap"))
        .expect(&out);
    // The generator's peak is a few hundred bytes (one frame, a few ints at a time).
    assert!(
        peak_row.contains("MB") && peak_row.ends_with(" B"),
        "{peak_row}"
    );
}

#[test]
fn a_list_made_in_a_function_leaves_the_heap_when_it_returns() {
    let src =
        "def work():\n    data = list(range(100000))\n    return len(data)\nn = work()\nend = n\n";
    let t = trace(src);
    let tl = Timeline::of(&t).unwrap();
    let (peak_step, peak) = tl.peak().map(|(s, m)| (s, *m)).unwrap();
    assert!(
        peak.heap_bytes > 3_000_000,
        "100,000 ints and their list: {}",
        peak.heap_bytes
    );
    let last = tl.steps.last().unwrap();
    assert!(
        last.heap_bytes < peak.heap_bytes / 10,
        "after the return the list is gone: {} of {}",
        last.heap_bytes,
        peak.heap_bytes
    );
    assert_eq!(
        step(&t, peak_step).frame_names(),
        vec!["<module>", "work"],
        "the peak is inside work()"
    );
    let top = tl.lines.first().unwrap();
    assert_eq!(top.line, 2, "the line that allocated most is the list's");
}

#[test]
fn the_memory_report_names_the_peak_and_the_lines() {
    let d = dir_with(&[(
        "p.py",
        "def work():\n    data = list(range(100000))\n    return len(data)\nn = work()\n",
    )]);
    let (code, out, err) = heapscope(&["memory", "p.py"], d.path());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("peak heap:") && out.contains("MB"), "{out}");
    assert!(out.contains("lines that allocated the most:"), "{out}");
    let first = out
        .lines()
        .skip_while(|l| !l.starts_with("lines that"))
        .nth(1)
        .unwrap();
    assert!(
        first.contains("MB") && first.contains("line 2: data = list(range(100000))"),
        "{first}"
    );
    assert!(out.contains("heap over time: "), "{out}");
}

#[test]
fn recursion_ten_thousand_deep_against_a_loop() {
    let recursive = "import sys\nsys.setrecursionlimit(20000)\ndef recursive_function(n):\n    if n == 0:\n        return 0\n    return 1 + recursive_function(n - 1)\nrecursive_function(10000)\n";
    let iterative = "def iterative_function(n):\n    count = 0\n    while n > 0:\n        count += 1\n        n -= 1\n    return count\niterative_function(10000)\n";
    let d = dir_with(&[("recursive.py", recursive), ("iterative.py", iterative)]);
    let (code, out, err) = heapscope(
        &["compare", "recursive.py", "iterative.py", "--timeout", "60"],
        d.path(),
    );
    assert_eq!(code, 0, "{err}");
    let row = |name: &str| {
        out.lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{out}"))
            .to_owned()
    };
    let depth: Vec<String> = row("deepest stack")
        .split_whitespace()
        .skip(2)
        .map(str::to_owned)
        .collect();
    assert_eq!(
        depth,
        vec!["10,002", "2"],
        "module + 10,001 calls against module + 1"
    );
    assert!(
        out.contains("iterative.py held")
            && out.contains("less heap at its peak than recursive.py"),
        "{out}"
    );
    let peak = row("peak heap");
    // The loop's peak is a few hundred bytes: one frame and the ints it counts with.
    assert!(
        peak.contains("MB") && peak.ends_with(" B"),
        "every frame of the recursion is on the heap at once: {peak}"
    );
}
