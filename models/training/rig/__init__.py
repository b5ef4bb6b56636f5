"""The articulation rig: 43 ARKit-named vertex-offset shapes built procedurally on a FLAME head
(`basis.build_basis`), and its contact sheet."""
