//! The `numvec` command.
//!
//! `numvec challenges` runs every challenge of the seed document implemented
//! so far: for each problem it checks numvec's vectorized solution against
//! the loop version on the seed's inputs, with the seed's assertions, then
//! times both at a size where speed shows and prints a table. It exits with a
//! non-zero status when a verification fails.

mod challenges;
mod inputs;
mod timing;

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use challenges::{IMPLEMENTED, Settings};

/// Timed runs reuse the blocks of the results they free, as in the Python module.
#[global_allocator]
static ALLOCATOR: numvec::BlockCache = numvec::BlockCache::new();

/// numvec: NumPy's vectorization toolkit in Rust.
#[derive(Debug, Parser)]
#[command(name = "numvec", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Verify numvec on the seed's challenges against their loop versions, then time both.
    Challenges(ChallengesArgs),
}

#[derive(Debug, Args)]
struct ChallengesArgs {
    /// Runs of each version per problem; the median is reported.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    repeat: u32,
    /// Factor on the number of elements of every timing input (0.01 for a quick run).
    #[arg(long, default_value_t = 1.0, value_parser = parse_scale)]
    scale: f64,
    /// The challenges to run, comma-separated (default: all implemented).
    #[arg(long, value_delimiter = ',', value_parser = parse_challenge)]
    only: Vec<u8>,
}

/// A positive, finite scale factor.
fn parse_scale(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(scale) if scale.is_finite() && scale > 0.0 => Ok(scale),
        Ok(_) => Err("the scale must be a positive number".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// The number of an implemented challenge.
fn parse_challenge(text: &str) -> Result<u8, String> {
    let available = IMPLEMENTED.map(|c| c.to_string()).join(", ");
    match text.trim().parse::<u8>() {
        Ok(number) if IMPLEMENTED.contains(&number) => Ok(number),
        _ => Err(format!("no challenge {text:?} (implemented: {available})")),
    }
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Challenges(args) => run_challenges(&args),
    }
}

/// Runs the selected challenges and prints the table; fails when a problem does.
fn run_challenges(args: &ChallengesArgs) -> ExitCode {
    let selected = if args.only.is_empty() { IMPLEMENTED.to_vec() } else { args.only.clone() };
    let settings = Settings { repeat: args.repeat as usize, scale: args.scale };
    let problems = challenges::problems(&selected);
    println!(
        "numvec challenges {}: median of {} run(s), timing scale {}, {} core(s) available",
        selected.iter().map(u8::to_string).collect::<Vec<_>>().join(","),
        settings.repeat,
        settings.scale,
        std::thread::available_parallelism().map_or(1, usize::from),
    );
    let reports = challenges::run(&problems, &settings);
    print!("{}", challenges::render(&reports));
    let passed = reports.iter().filter(|r| r.passed()).count();
    println!("{passed} of {} problems verified and timed", reports.len());
    if passed == reports.len() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn options_parse_and_reject_bad_values() {
        let cli = Cli::try_parse_from(["numvec", "challenges", "--repeat", "3", "--scale", "0.01", "--only", "4,1"]);
        let Command::Challenges(args) = cli.unwrap().command;
        assert_eq!((args.repeat, args.scale, args.only), (3, 0.01, vec![4, 1]));
        for bad in [["--repeat", "0"], ["--scale", "-1"], ["--scale", "inf"], ["--only", "9"]] {
            assert!(Cli::try_parse_from(["numvec", "challenges", bad[0], bad[1]]).is_err(), "{bad:?}");
        }
    }
}
