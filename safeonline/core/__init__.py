"""What every layer shares: problems and BuildFailed, settings, files, stages. Imports nothing of ours."""
