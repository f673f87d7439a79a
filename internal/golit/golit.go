// Package golit writes Go composite literals for data values. The
// generators of the packs' and the knowledge base's Go data tables
// (their TestGenerated -update tests) use it, so js/wasm builds need no
// JSON decoding.
package golit

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"
)

// Write writes a Go literal for v: structs, slices, pointers, strings,
// bools and ints. Zero fields and time.Time fields are left out (time
// values are derived from strings after loading).
func Write(b *bytes.Buffer, v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		b.WriteString("&")
		Write(b, v.Elem())
	case reflect.Struct:
		b.WriteString(v.Type().Name() + "{")
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if f.IsZero() || v.Type().Field(i).Type.String() == "time.Time" {
				continue
			}
			b.WriteString(v.Type().Field(i).Name + ": ")
			Write(b, f)
			b.WriteString(",\n")
		}
		b.WriteString("}")
	case reflect.Slice:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		b.WriteString("[]" + typeName(v.Type().Elem()) + "{")
		for i := 0; i < v.Len(); i++ {
			Write(b, v.Index(i))
			b.WriteString(",\n")
		}
		b.WriteString("}")
	case reflect.String:
		b.WriteString(strconv.Quote(v.String()))
	case reflect.Bool:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	default:
		panic(fmt.Sprintf("golit: unsupported kind %s", v.Kind()))
	}
}

func typeName(t reflect.Type) string {
	if t.Kind() == reflect.Pointer {
		return "*" + t.Elem().Name()
	}
	return t.Name()
}
