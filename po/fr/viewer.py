# French for the viewer's window (issue 15): steps, presentation mode,
# narration, search, statistics, source.
TR = {
'Next / previous event': 'Événement suivant / précédent',
'Next / previous event of the selected thread': 'Événement suivant / précédent du thread sélectionné',
'Next / previous event on the selected object': 'Événement suivant / précédent sur l\'objet sélectionné',
'Next / previous moment a thread starts to wait': 'Moment suivant / précédent où un thread se met à attendre',
'Next / previous channel message': 'Message de canal suivant / précédent',
'Next / previous finding: deadlock, misuse, crash': 'Constat suivant / précédent : interblocage, mauvais usage, plantage',
'First / last event': 'Premier / dernier événement',
'Faster / slower playback, from 0.1× to 100×': 'Lecture plus rapide / plus lente, de 0,1× à 100×',
'Presentation mode: full screen, the whole window larger, high contrast': 'Mode présentation : plein écran, toute la fenêtre agrandie, contraste élevé',
'Larger / smaller window contents': 'Contenu de la fenêtre plus grand / plus petit',
'Normal size': 'Taille normale',
'Step through the run with . and , (< and >: the selected thread only; b: where threads block; m: messages; f: findings), or play it with Space: here you will see who holds which lock and who waits for what.':
 'Parcourez l\'exécution avec . et , (< et > : le thread sélectionné seulement ; b : là où les threads bloquent ; m : les messages ; f : les constats), ou jouez-la avec Espace : vous verrez ici qui tient quel verrou et qui attend quoi.',
'%s – %s (%s shown) · playback %g× · frame %.1f ms': '%s – %s (%s affichés) · lecture %g× · image %.1f ms',
}
