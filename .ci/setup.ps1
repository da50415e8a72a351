# Windows (PowerShell) set-up for authors: the same steps as .ci/setup, without the browser tests.
#   .ci\setup.ps1        the course engine and its locked dependencies in .venv
#   .ci\setup.ps1 -Dev   also the authoring tools (pykakasi for `python -m macros originality`, pytest)
# If PowerShell refuses to run scripts: powershell -ExecutionPolicy Bypass -File .ci\setup.ps1 -Dev
param([switch]$Dev)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

function Invoke-Step([string]$Exe, [string[]]$Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "失敗しました: $Exe $($Arguments -join ' ')" }
}

$python = if (Get-Command py -ErrorAction SilentlyContinue) { "py" } else { "python" }
$venvArgs = if ($python -eq "py") { @("-3", "-m", "venv", ".venv") } else { @("-m", "venv", ".venv") }
Invoke-Step $python $venvArgs
$venvPython = ".venv\Scripts\python.exe"
Invoke-Step $venvPython @("-m", "pip", "install", "--quiet", "--require-hashes", "-r", ".ci/pip.lock")
if ($Dev) {
    Invoke-Step $venvPython @("-m", "pip", "install", "--quiet", "--require-hashes", "-r", "requirements.lock", "-r", "requirements-dev.lock")
} else {
    Invoke-Step $venvPython @("-m", "pip", "install", "--quiet", "--require-hashes", "-r", "requirements.lock")
}
Invoke-Step $venvPython @("-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--editable", ".")

# The style lint (`python -m macros style`) runs textlint on Node.js 20.18 or newer.
$node = Get-Command node -ErrorAction SilentlyContinue
if ($node -and (Get-Command npm -ErrorAction SilentlyContinue) -and ([version](& node -p "process.versions.node") -ge [version]"20.18.0")) {
    Invoke-Step "npm" @("ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
} else {
    Write-Warning "Node.js 20.18 以上と npm が見つからないため、表記の検査（python -m macros style）の準備を省きました。"
}
