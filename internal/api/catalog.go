package api

import (
	"net/http"
	"strconv"

	"github.com/certscope/certscope/internal/engine"
	"github.com/certscope/certscope/internal/kb"
)

// PacksResponse is the answer to GET /v1/packs.
type PacksResponse struct {
	Packs []engine.PackInfo `json:"packs"`
	Rules []engine.RuleInfo `json:"rules"`
}

// SchemesResponse is the answer to GET /v1/schemes.
type SchemesResponse struct {
	Schemes []kb.Scheme `json:"schemes"`
}

func (h *Handler) packs(w http.ResponseWriter, r *http.Request) {
	e := h.engine()
	res := PacksResponse{Packs: e.Packs(), Rules: e.Rules()}
	if res.Packs == nil {
		res.Packs = []engine.PackInfo{}
	}
	if res.Rules == nil {
		res.Rules = []engine.RuleInfo{}
	}
	writeJSON(w, r, http.StatusOK, res)
}

func (h *Handler) schemes(w http.ResponseWriter, r *http.Request) {
	all := kb.All()
	if all == nil {
		all = []kb.Scheme{}
	}
	writeJSON(w, r, http.StatusOK, SchemesResponse{Schemes: all})
}

func (h *Handler) scheme(w http.ResponseWriter, r *http.Request, id string) {
	s, ok := kb.Get(id)
	if !ok {
		writeError(w, r, http.StatusNotFound, "unknown_scheme", "no scheme with id "+strconv.Quote(truncate(id, 100))+"; see GET /v1/schemes")
		return
	}
	writeJSON(w, r, http.StatusOK, s)
}
