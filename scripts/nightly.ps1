<#
.SYNOPSIS
Runs one ownercare night from a config file, for Windows Task Scheduler (PowerShell 5+).

.DESCRIPTION
The Windows twin of scripts/nightly; keep the two parallel. A night is three steps, in this
order, stopping at the first failure so that a night is never evaluated on a half-imported
inbox:
  1. import every inbox file KIND-YYYY-MM-DD.csv (fleet, sales, service, members, optouts) dated on or before the night, oldest
     first, each with --as-of its own date;
  2. record every inbox file outcomes-YYYY-MM-DD.csv dated on or before the night, oldest
     first, with --as-of the night;
  3. evaluate the night into OUT\DATE\.
A file is moved to the archive folder once its step succeeded (with its .rejects.csv, if the
tool wrote one); a file whose step failed stays in the inbox. Files dated after the night are
left alone.

Two nights never overlap: the run holds <db>.nightly.lock opened with FileShare.None; a
second run finds it held and exits 5.

Files and folders this script and the tools create take the ACL they inherit from their
folder (keep the ownercare folder readable by the service account and administrators only);
no ACL is set here, unlike the modes scripts/nightly and the tools give on Linux.

Quiet under the scheduler: nothing is printed when all went well. Every run appends one
summary line to the log file; the tools' own output goes to nightly-DATE.log beside it. On
failure the summary line and the failing tool's error lines also go to stderr.

The config file is the TOML file the tools read. This script reads only its top-level lines
of the form  key = "value"  or  key = 'value'  (an optional # comment may follow; in "..."
write a backslash as \\, in '...' as it is), for the keys db, rules, out, inbox, archive, log
and timezone, and stops at the first [table]. Relative paths are relative to the config
file's folder. The tools get the same file with --config.

Exit codes (those of the first step that failed):
  0  done
  1  unexpected failure (I/O, database)
  2  usage error (bad flags, bad config, tools not found, bad rules)
  3  input refused (unreadable file, wrong columns, too many invalid rows, backdated)
  4  safety stop (a snapshot would make too many vehicles disappear; import it by hand
     with ownercare-import --force if that is real)
  5  another nightly run holds the lock

.PARAMETER Config
The ownercare config (TOML): db, rules, out, inbox are required; archive (default
INBOX\done), log (default nightly.log beside the database), timezone (default Asia/Shanghai)
are optional.

.PARAMETER Date
The night to run, YYYY-MM-DD (default: today in the configured timezone).

.PARAMETER Bin
Where ownercare-import.exe and the other tools are (default: $env:OWNERCARE_BIN, else this
script's folder, else ..\build beside it, else PATH).

.PARAMETER Verbose
Also print the summary line when all went well.

.EXAMPLE
schtasks /Create /TN ownercare-nightly /SC DAILY /ST 02:00 /TR "powershell -NoProfile -ExecutionPolicy Bypass -File C:\ownercare\scripts\nightly.ps1 -Config C:\ownercare\ownercare.toml"
#>
param(
  [string]$Config = "",
  [string]$Date = "",
  [string]$Bin = "",
  [switch]$Verbose,
  [switch]$Help
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = "Stop"
$Program = "nightly"
$Utf8 = New-Object System.Text.UTF8Encoding($false)

function Fail-Usage([string]$Message) {
  [Console]::Error.WriteLine("${Program}: error: $Message")
  exit 2
}

if ($Help) {
  Get-Help -Full $PSCommandPath
  exit 0
}

# ---- config ----------------------------------------------------------------------------------
if (-not $Config) { Fail-Usage "-Config FILE is required (see Get-Help .\nightly.ps1)" }
if (-not (Test-Path -LiteralPath $Config -PathType Leaf)) { Fail-Usage "${Config}: cannot read the config file" }
$Config = (Resolve-Path -LiteralPath $Config).ProviderPath
$ConfigDir = Split-Path -Parent $Config

# The value of top-level `key = "value"` or `key = 'value'`; $null when the key is absent. A
# line that sets the key in any other form is a usage error, so a value is never misread.
$ConfigLines = [System.IO.File]::ReadAllLines($Config, $Utf8)
function Get-ConfigValue([string]$Key) {
  $value = $null
  for ($i = 0; $i -lt $ConfigLines.Length; $i++) {
    $line = $ConfigLines[$i].Trim()
    if ($line.StartsWith("[")) { break }
    if ($line -notmatch ('^' + [regex]::Escape($Key) + '\s*=')) { continue }
    if ($line -match ('^' + [regex]::Escape($Key) + '\s*=\s*"((?:[^"\\]|\\\\|\\")*)"\s*(#.*)?$')) {
      $value = $Matches[1] -replace '\\(["\\])', '$1'
    } elseif ($line -match ('^' + [regex]::Escape($Key) + "\s*=\s*'([^']*)'\s*(#.*)?$")) {
      $value = $Matches[1]
    } else {
      Fail-Usage ("{0}:{1}: nightly reads {2} only as {2} = ""value""" -f $Config, ($i + 1), $Key)
    }
  }
  return $value
}

# A path key's value; a relative path is taken from the config's folder.
function Get-ConfigPath([string]$Key) {
  $value = Get-ConfigValue $Key
  if (-not $value) { return $null }
  if ([System.IO.Path]::IsPathRooted($value)) { return $value }
  return [System.IO.Path]::GetFullPath((Join-Path $ConfigDir $value))
}

$Db = Get-ConfigPath "db"
$Rules = Get-ConfigPath "rules"
$Out = Get-ConfigPath "out"
$Inbox = Get-ConfigPath "inbox"
$Archive = Get-ConfigPath "archive"
$Log = Get-ConfigPath "log"
$Reports = Get-ConfigPath "reports"
$TimeZoneName = Get-ConfigValue "timezone"
$Required = [ordered]@{ db = $Db; rules = $Rules; out = $Out; inbox = $Inbox }
foreach ($key in $Required.Keys) {
  if (-not $Required[$key]) { Fail-Usage ("{0}: ""{1}"" is missing (nightly needs db, rules, out, inbox)" -f $Config, $key) }
}
if (-not $Archive) { $Archive = Join-Path $Inbox "done" }
if (-not $Log) { $Log = Join-Path (Split-Path -Parent $Db) "nightly.log" }
if (-not $TimeZoneName) { $TimeZoneName = "Asia/Shanghai" }

# Windows names zones its own way; Asia/Shanghai (the default) is "China Standard Time".
$WindowsZoneNames = @{ "Asia/Shanghai" = "China Standard Time"; "Asia/Hong_Kong" = "China Standard Time"; "UTC" = "UTC" }
$ZoneId = $TimeZoneName
if ($WindowsZoneNames.ContainsKey($TimeZoneName)) { $ZoneId = $WindowsZoneNames[$TimeZoneName] }
try {
  $Zone = [System.TimeZoneInfo]::FindSystemTimeZoneById($ZoneId)
} catch {
  Fail-Usage "${Config}: timezone ""$TimeZoneName"" is unknown to Windows (use Asia/Shanghai or a Windows zone id)"
}

function Get-ZoneNow { [System.TimeZoneInfo]::ConvertTime([DateTimeOffset]::UtcNow, $Zone) }
# ISO 8601 with the zone's offset, e.g. 2026-09-28T02:00:03+08:00.
function Get-Timestamp { (Get-ZoneNow).ToString("yyyy-MM-dd'T'HH:mm:sszzz", [Globalization.CultureInfo]::InvariantCulture) }

# ---- night date ------------------------------------------------------------------------------
$Night = $Date
if (-not $Night) { $Night = (Get-ZoneNow).ToString("yyyy-MM-dd", [Globalization.CultureInfo]::InvariantCulture) }
$parsedNight = [DateTime]::MinValue
if ($Night -notmatch '^\d{4}-\d{2}-\d{2}$' -or -not [DateTime]::TryParseExact($Night, "yyyy-MM-dd",
    [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::None, [ref]$parsedNight)) {
  Fail-Usage "-Date ""$Night"" is not a date (YYYY-MM-DD)"
}

# ---- tools -----------------------------------------------------------------------------------
$ScriptDir = $PSScriptRoot
if (-not $Bin -and $env:OWNERCARE_BIN) { $Bin = $env:OWNERCARE_BIN }
if (-not $Bin) {
  foreach ($candidate in @($ScriptDir, (Join-Path $ScriptDir "..\build"), (Join-Path $ScriptDir "..\build\Release"))) {
    if (Test-Path -LiteralPath (Join-Path $candidate "ownercare-import.exe") -PathType Leaf) {
      $Bin = [System.IO.Path]::GetFullPath($candidate)
      break
    }
  }
}
function Get-ToolPath([string]$Name) {
  if ($Bin) {
    $path = Join-Path $Bin "$Name.exe"
    if (-not (Test-Path -LiteralPath $path -PathType Leaf)) { Fail-Usage "${path}: no such tool (build it, or give -Bin DIR)" }
    return $path
  }
  $command = Get-Command "$Name.exe" -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
  if (-not $command) { Fail-Usage "$Name.exe is not on PATH (give -Bin DIR)" }
  return $command.Source
}
$ImportTool = Get-ToolPath "ownercare-import"
$RecordTool = Get-ToolPath "ownercare-record"
$EvaluateTool = Get-ToolPath "ownercare-evaluate"
$ReportTool = $null
if ($Reports) { $ReportTool = Get-ToolPath "ownercare-report" }

# ---- folders and log -------------------------------------------------------------------------
if (-not (Test-Path -LiteralPath $Inbox -PathType Container)) { Fail-Usage "${Inbox}: the inbox folder does not exist" }
$LogDir = Split-Path -Parent $Log
try {
  foreach ($folder in @($LogDir, $Archive, (Split-Path -Parent $Db))) {
    [void][System.IO.Directory]::CreateDirectory($folder)
  }
} catch {
  [Console]::Error.WriteLine("${Program}: error: cannot create the log, archive or database folder: $($_.Exception.Message)")
  exit 1
}
$Detail = Join-Path $LogDir "nightly-$Night.log"
$script:FailedErrors = ""
$script:Lock = $null

function Add-Text([string]$Path, [string]$Text) { [System.IO.File]::AppendAllText($Path, $Text, $Utf8) }

# Appends the run's summary line to the log; prints it too when asked or on failure; exits.
function Finish([int]$Code, [string]$What) {
  $line = "$(Get-Timestamp) night $Night exit ${Code}: $What"
  try { Add-Text $Log "$line`r`n" } catch { [Console]::Error.WriteLine("${Program}: error: cannot write $Log") }
  if ($Code -ne 0) {
    [Console]::Error.WriteLine($line)
    if ($script:FailedErrors) { [Console]::Error.Write($script:FailedErrors) }
  } elseif ($Verbose) {
    [Console]::Out.WriteLine($line)
  }
  if ($script:Lock) { $script:Lock.Dispose() }
  exit $Code
}

# ---- lock ------------------------------------------------------------------------------------
# FileShare.None: while this run holds the stream, nobody else can open the file. Windows
# releases it when the process ends, however it ends. A link planted at the lock's path is
# refused, as scripts/nightly does: opening it would create or open the file it points to.
$LockFile = "$Db.nightly.lock"
$LockItem = Get-Item -LiteralPath $LockFile -Force -ErrorAction SilentlyContinue
if ($LockItem -and ($LockItem.Attributes -band [System.IO.FileAttributes]::ReparsePoint)) {
  [Console]::Error.WriteLine("${Program}: error: ${LockFile} is a symbolic link; nightly does not follow it (remove it)")
  exit 1
}
try {
  $script:Lock = [System.IO.File]::Open($LockFile, [System.IO.FileMode]::OpenOrCreate,
    [System.IO.FileAccess]::ReadWrite, [System.IO.FileShare]::None)
} catch [System.IO.IOException] {
  Finish 5 "another nightly run holds $LockFile; nothing done"
} catch {
  [Console]::Error.WriteLine("${Program}: error: cannot open ${LockFile}: $($_.Exception.Message)")
  exit 1
}

# ---- steps -----------------------------------------------------------------------------------
# Quotes one argument the way Windows programs (the C runtime) split a command line.
function ConvertTo-Argument([string]$Text) {
  if ($Text -and $Text -notmatch '[\s"]') { return $Text }
  $quoted = $Text -replace '(\\*)"', '$1$1\"'
  $quoted = $quoted -replace '(\\+)$', '$1$1'
  return '"' + $quoted + '"'
}

# Runs a tool with its output captured into the detail log; returns the tool's exit code and
# keeps its stdout in $script:ToolOut.
function Invoke-Tool([string]$Tool, [string[]]$Arguments) {
  $commandLine = ($Arguments | ForEach-Object { ConvertTo-Argument $_ }) -join " "
  Add-Text $Detail "$(Get-Timestamp) `$ $Tool $commandLine`r`n"
  $info = New-Object System.Diagnostics.ProcessStartInfo
  $info.FileName = $Tool
  $info.Arguments = $commandLine
  $info.UseShellExecute = $false
  $info.CreateNoWindow = $true
  $info.RedirectStandardOutput = $true
  $info.RedirectStandardError = $true
  $info.StandardOutputEncoding = $Utf8
  $info.StandardErrorEncoding = $Utf8
  $process = [System.Diagnostics.Process]::Start($info)
  # Both streams are read at once, so a tool filling one pipe never blocks on it.
  $stdout = $process.StandardOutput.ReadToEndAsync()
  $stderr = $process.StandardError.ReadToEndAsync()
  $process.WaitForExit()
  $code = $process.ExitCode
  $script:ToolOut = $stdout.Result
  $errors = $stderr.Result
  Add-Text $Detail ($script:ToolOut + $errors)
  if ($code -ne 0) {
    Add-Text $Detail "(exit $code)`r`n"
    $script:FailedErrors = $errors
  }
  return $code
}

# Moves a processed file (and the rejects file its tool may have written) to the archive.
function Move-ToArchive([System.IO.FileInfo]$File) {
  $rejects = Join-Path $File.DirectoryName ($File.BaseName + ".rejects.csv")
  Move-Item -LiteralPath $File.FullName -Destination (Join-Path $Archive $File.Name) -Force
  if (Test-Path -LiteralPath $rejects -PathType Leaf) {
    Move-Item -LiteralPath $rejects -Destination (Join-Path $Archive (Split-Path -Leaf $rejects)) -Force
  }
}

# The inbox files PREFIX-YYYY-MM-DD.csv dated on or before the night, oldest first.
function Get-InboxFiles([string]$Prefix) {
  $pattern = '^' + $Prefix + '-(\d{4}-\d{2}-\d{2})\.csv$'
  @(Get-ChildItem -LiteralPath $Inbox -File |
      Where-Object { $_.Name -match $pattern -and [string]::CompareOrdinal($Matches[1], $Night) -le 0 } |
      Sort-Object -Property Name)
}

# Relative to the config's folder when below it, as the summary shows it.
function Get-ShownPath([string]$Path) {
  $prefix = $ConfigDir.TrimEnd('\', '/') + [System.IO.Path]::DirectorySeparatorChar
  if ($Path.StartsWith($prefix, [StringComparison]::OrdinalIgnoreCase)) { return $Path.Substring($prefix.Length) }
  return $Path
}

try {
  # A blank line between runs of the same night keeps the detail log readable.
  if ((Test-Path -LiteralPath $Detail) -and (Get-Item -LiteralPath $Detail).Length -gt 0) { Add-Text $Detail "`r`n" }
  Add-Text $Detail "$(Get-Timestamp) night $Night, config $Config`r`n"
} catch {
  [Console]::Error.WriteLine("${Program}: error: cannot write $Detail")
  if ($script:Lock) { $script:Lock.Dispose() }
  exit 1
}

$Imported = 0
$ImportedNames = @()
$Recorded = 0
function Get-ImportedText {
  if ($Imported -eq 0) { return "imported 0" }
  return "imported $Imported ($($ImportedNames -join ', '))"
}

try {
  # A service order can name a vehicle first sold in the same night's sales file.
  foreach ($kind in @("fleet", "sales", "service", "members", "optouts")) {
    foreach ($file in (Get-InboxFiles $kind)) {
      $fileDate = $file.Name.Substring($kind.Length + 1, 10)
      $code = Invoke-Tool $ImportTool @("--config", $Config, "--db", $Db, "--kind", $kind, "--as-of", $fileDate, $file.FullName)
      if ($code -ne 0) {
        Finish $code "$(Get-ImportedText), import of $($file.Name) failed (exit $code; the file stays in the inbox); not evaluated"
      }
      try { Move-ToArchive $file } catch {
        $script:FailedErrors = ""
        Finish 1 "imported $($file.Name) but cannot move it to $Archive; not evaluated"
      }
      $Imported++
      $ImportedNames += $file.Name
    }
  }

  foreach ($file in (Get-InboxFiles "outcomes")) {
    $code = Invoke-Tool $RecordTool @("--config", $Config, "--db", $Db, "--as-of", $Night, $file.FullName)
    if ($code -ne 0) {
      Finish $code "$(Get-ImportedText), recorded $Recorded, recording $($file.Name) failed (exit $code; the file stays in the inbox); not evaluated"
    }
    try { Move-ToArchive $file } catch {
      $script:FailedErrors = ""
      Finish 1 "recorded $($file.Name) but cannot move it to $Archive; not evaluated"
    }
    $Recorded++
  }

  $doneSoFar = "$(Get-ImportedText), recorded $Recorded"
  $code = Invoke-Tool $EvaluateTool @("--config", $Config, "--db", $Db, "--rules", $Rules, "--as-of", $Night, "--out", $Out)
  if ($code -ne 0) { Finish $code "$doneSoFar, evaluation failed (exit $code)" }
  # The tool prints "DATE: 12 sms, 3 calls, 1 hand-offs, 0 delistings -> FOLDER".
  $counts = "see $(Get-ShownPath $Detail)"
  $folder = Join-Path $Out $Night
  foreach ($line in ($script:ToolOut -split "`r?`n")) {
    if ($line -match ('^' + [regex]::Escape($Night) + ': (.*) -> (.*)$')) {
      $counts = $Matches[1]
      $folder = $Matches[2]
      break
    }
  }
  $doneSoFar = "$doneSoFar, evaluated: $counts -> $(Get-ShownPath $folder)"
  # The report of the 7 days ending tonight, as CSV tables in REPORTS\DATE (when configured).
  if ($ReportTool) {
    $reportDir = Join-Path $Reports $Night
    $code = Invoke-Tool $ReportTool @("--config", $Config, "--db", $Db, "--as-of", $Night, "--format", "csv", "--out", $reportDir)
    if ($code -ne 0) { Finish $code "$doneSoFar, report failed (exit $code)" }
    $doneSoFar = "$doneSoFar, report -> $(Get-ShownPath $reportDir)"
  }
  Finish 0 $doneSoFar
} catch {
  $script:FailedErrors = "${Program}: error: $($_.Exception.Message)`r`n"
  Finish 1 "$(Get-ImportedText), recorded $Recorded, stopped by an unexpected error"
}
