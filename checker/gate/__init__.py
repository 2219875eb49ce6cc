"""The CI gate around the findings: waivers, baselines, the files a change can affect, and
why a finding is suppressed."""
