"""The build side of the portal: flow files, the site build, the Pyodide runtime, the CLI."""
