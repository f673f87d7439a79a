//go:build certscope_nodata

package registers

// Built with -tags certscope_nodata (the extension's engine.wasm), the
// binary carries no snapshots: the extension packages data/*.tsv as files
// and hands them over at start-up (SetData), which keeps half a megabyte
// out of engine.wasm.
const cmvpData, fedrampData = "", ""
