"""Names vulture reports as unused that are used, in ways it cannot see (`make lint` runs vulture with this file).

Each entry says why; an entry that no longer applies should go (and so should the code it excused)."""

from smals_graph.app.figures import charts, readability, render  # noqa: F401
from smals_graph.app.cli import main  # noqa: F401
from smals_graph.app.view_model import changes  # noqa: F401
from smals_graph.loader import blocks, export, knowledge_files, model  # noqa: F401

model.Project.summary_row_line  # a dataset field: written to the JSON through dataclasses.fields(), a contract key
# fields of the knowledge files' models: pydantic checks them, the loader reads the same keys from the JSON
knowledge_files.LayoutFile.noise_phrases
knowledge_files.LayoutFile.noise_lines
knowledge_files.LayoutFile.credit_prefixes
knowledge_files.LayoutFile.url_tlds
knowledge_files.ServiceEntry.headings
knowledge_files.StatementsOfUseFile.stand_ins
knowledge_files.StatementsOfUseFile.in_service_phrases
charts.Matrix.row_names  # built by matrix_of() for tables; kept in the record other tools read
# the modules below are being rewritten on other branches (drawings helper, loader helpers): their entries go with
# the rewrite
render.MIN_GRAPH_SHARE  # named in render.py's docstring as the layout's target, read by the drawings rewrite
readability.Readability.smallest_text_pt  # a measured field, reported by as_dict() to the tests' figures
readability.Readability.as_dict  # the benchmark and the test report call it through getattr on the record
blocks.Block.status_line  # kept with each parsed block for the provenance of the status
blocks.Block.url_line  # same, for the URL
render.smals_label_pt  # set on the figure by render.py for the drawings rewrite's readability check
main.scene_list  # click commands: registered by their decorators, called by click
main.scene_export
main.scene_delete
changes._Fact.component_key  # a fact's own record of its component (the dict key repeats it)
export.Cleaned.page_markers  # counted by the layout reader: how many page numbers it turned into markers
# fields of the new knowledge files' models (statements_of_use.json, service_cues.json, member_names.json, layout.json):
# pydantic checks them, the loader reads the same keys from the JSON
knowledge_files.StatementsOfUseFile.adjectives_of_use
knowledge_files.StatementsOfUseFile.beneficiary_nouns
knowledge_files.StatementsOfUseFile.beneficiary_prepositions
knowledge_files.StatementsOfUseFile.comparison_markers
knowledge_files.StatementsOfUseFile.component_clitics
knowledge_files.MemberNames.de
knowledge_files.StatementsOfUseFile.future_words
knowledge_files.PresentedCues.head_nouns
knowledge_files.StatementsOfUseFile.hosting_verbs
knowledge_files.StatementsOfUseFile.joint_adverbs
knowledge_files.StatementsOfUseFile.joint_verbs
knowledge_files.StatementsOfUseFile.link_prepositions
knowledge_files.PresentedCues.list_cues
knowledge_files.StatementsOfUseFile.locative_verbs
knowledge_files.StatementsOfUseFile.modal_plan_verbs
knowledge_files.StatementsOfUseFile.negation
knowledge_files.MemberNames.nl
knowledge_files.UserAnaphors.nouns
knowledge_files.LayoutFile.page_marker_patterns
knowledge_files.StatementsOfUseFile.phrases_of_use
knowledge_files.StatementsOfUseFile.plan_nouns
knowledge_files.PresentedCues.product_nouns
knowledge_files.UserAnaphors.pronouns
knowledge_files.StatementsOfUseFile.provider_verbs
knowledge_files.StatementsOfUseFile.restrictive
knowledge_files.LayoutFile.running_min_repeats
knowledge_files.LayoutFile.sane_counts
knowledge_files.StatementsOfUseFile.user_anaphors
knowledge_files.StatementsOfUseFile.without
