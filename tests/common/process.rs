//! Running the real `upplint` binary in its own process, under a memory cap (`ulimit -v`) and a timeout.

use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Address space for one upplint process, in KiB (`ulimit -v`): an allocation bomb fails, not the machine.
pub const MEMORY_KIB: u64 = 2_000_000;
/// Longest one run may take (debug build, on a loaded 2-core machine).
pub const TIMEOUT: Duration = Duration::from_secs(30);

pub struct Outcome {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: String,
    pub elapsed: Duration,
    pub timed_out: bool,
}

/// Runs `upplint ARGS` under `ulimit -v`, killing it after `TIMEOUT`. Output goes to files, so a
/// chatty process cannot block on a full pipe.
pub fn run_capped(args: &[&str]) -> Outcome {
    run_with_cap(args, MEMORY_KIB)
}

pub fn run_with_cap(args: &[&str], memory_kib: u64) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("stdout");
    let err_path = dir.path().join("stderr");
    let script = format!("ulimit -v {memory_kib}; exec \"$0\" \"$@\"");
    let started = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_upplint"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            timed_out = true;
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Outcome {
        status,
        stdout: std::fs::read(&out_path).unwrap(),
        stderr: String::from_utf8_lossy(&std::fs::read(&err_path).unwrap()).into_owned(),
        elapsed: started.elapsed(),
        timed_out,
    }
}

#[cfg(unix)]
pub fn signal_of(status: &ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(status)
}

#[cfg(not(unix))]
pub fn signal_of(_status: &ExitStatus) -> Option<i32> {
    None
}
