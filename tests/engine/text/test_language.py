"""Which language a text is in: English by its stop words without the language model, every
other language by the model, loaded only when such a text arrives."""

import subprocess
import sys

from bot.engine.text import language

ENGLISH = (
    "The council said on Tuesday that the new bridge over the river would open in the spring, "
    "after engineers found that the old one could no longer carry buses."
)
FRENCH = (
    "Le conseil a annoncé mardi que le nouveau pont sur la rivière ouvrira au printemps, après "
    "que les ingénieurs ont constaté que l'ancien ne pouvait plus supporter les bus."
)
SPANISH = (
    "El consejo anunció el martes que el nuevo puente sobre el río abrirá en primavera, después "
    "de que los ingenieros comprobaran que el antiguo ya no podía soportar los autobuses."
)
# English words in a French sentence: the stop words do not decide, the model does.
MIXED = "Le manager a dit que the team is on the right track pour la saison prochaine."

IN_A_FRESH_PROCESS = (
    "import sys\n"
    "from bot.engine.text.language import detect\n"
    "print(detect(sys.argv[1]))\n"
    "import py3langid.langid as model\n"
    "print('model loaded' if model.IDENTIFIER is not None else 'no model')\n"
)


def detect_in_fresh_process(text: str, *limit: str) -> list[str]:
    code = IN_A_FRESH_PROCESS
    if limit:  # a full disk: the model, unpacked to a temporary file first, cannot load
        code = "import resource\nresource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))\n" + code
    done = subprocess.run(
        [sys.executable, "-c", code, text], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split("\n")[:2]


def test_english_is_recognised_by_its_stop_words_without_loading_the_model():
    assert detect_in_fresh_process(ENGLISH) == ["en", "no model"]


def test_other_languages_are_recognised_by_the_model():
    assert language.detect(FRENCH) == "fr"
    assert language.detect(SPANISH) == "es"
    assert detect_in_fresh_process(FRENCH) == ["fr", "model loaded"]


def test_a_text_mixing_languages_is_left_to_the_model():
    assert not language._clearly_english(MIXED)


def test_a_model_that_cannot_load_on_a_full_disk_leaves_the_text_english():
    assert detect_in_fresh_process(FRENCH, "full disk")[0] == "en"
