package strictjson

import "reflect"

// DecodeOnePass and DecodeTwoPass let the external tests hold the two
// paths of Decode to the same answers.
func DecodeOnePass(data []byte, v any) bool { return decodeOnePass(data, reflect.ValueOf(v)) }

func DecodeTwoPass(data []byte, v any) error { return decodeTwoPass(data, reflect.ValueOf(v)) }
