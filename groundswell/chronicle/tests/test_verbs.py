from django.test import SimpleTestCase

from groundswell.chronicle import verbs


class VerbPhrasesTestCase(SimpleTestCase):
    def test_it_uses_the_phrases_apps_register(self) -> None:
        self.assertEqual(verbs.describe("created_community"), "started the community")
        self.assertEqual(verbs.describe("ended_affiliation"), "recorded leaving an organisation")

    def test_it_falls_back_to_the_verb_in_words(self) -> None:
        self.assertEqual(verbs.describe("planted_a_tree"), "planted a tree")
