<#
.SYNOPSIS
Runs ownercare-nightly.exe (kept for scheduled tasks written for this script).

.DESCRIPTION
The night itself is ownercare-nightly.exe: see `ownercare-nightly.exe --help`. This script
finds the tool and passes every argument on: -Bin DIR says where the tools are (default:
$env:OWNERCARE_BIN, else this script's folder, else ..\build beside it, else PATH).

.EXAMPLE
schtasks /Create /TN ownercare-nightly /SC DAILY /ST 02:30 /TR "C:\ownercare\ownercare-nightly.exe --config C:\ownercare\ownercare.toml"
#>
param(
  [string]$Config,
  [string]$Date,
  [string]$Bin = $env:OWNERCARE_BIN,
  [switch]$Strict,
  [switch]$Verbose,
  [switch]$AllowFuture
)
$candidates = @()
if ($Bin) { $candidates += (Join-Path $Bin 'ownercare-nightly.exe') }
$candidates += (Join-Path $PSScriptRoot 'ownercare-nightly.exe')
$candidates += (Join-Path $PSScriptRoot '..\build\ownercare-nightly.exe')
$tool = $candidates | Where-Object { Test-Path $_ } | Select-Object -First 1
if (-not $tool) {
  $found = Get-Command ownercare-nightly.exe -ErrorAction SilentlyContinue
  if (-not $found) {
    [Console]::Error.WriteLine('nightly: error: ownercare-nightly.exe not found (give -Bin DIR)')
    exit 2
  }
  $tool = $found.Source
}
$arguments = @()
if ($Config) { $arguments += @('--config', $Config) }
if ($Date) { $arguments += @('--date', $Date) }
if ($Strict) { $arguments += '--strict' }
if ($Verbose) { $arguments += '--verbose' }
if ($AllowFuture) { $arguments += '--allow-future' }
& $tool @arguments
exit $LASTEXITCODE
